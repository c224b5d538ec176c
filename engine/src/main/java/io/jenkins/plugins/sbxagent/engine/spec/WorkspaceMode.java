package io.jenkins.plugins.sbxagent.engine.spec;

/** How the sandbox sees the workspace. */
public enum WorkspaceMode {
    /** A private copy-on-write view: the host workspace stays byte for byte as it was. */
    COPY,
    /** The host workspace itself, bind-mounted read-write: weaker, explicit opt-in. */
    MOUNT,
    /**
     * docker-sbx only: a private git repository of the workspace's working state, mounted read-only; the agent
     * works on a clone inside the VM and its commits come back through git.
     */
    CLONE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
