package io.jenkins.plugins.sbxagent.engine.spec;

/** How the sandbox sees the workspace. */
public enum WorkspaceMode {
    /** A private copy-on-write view: the host workspace stays byte for byte as it was. */
    COPY,
    /** The host workspace itself, bind-mounted read-write: weaker, explicit opt-in. */
    MOUNT;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
