package io.jenkins.plugins.sbxagent.engine.spec;

/** How a {@link WorkspaceMode#COPY} workspace is made. */
public enum StagingMode {
    /** An overlay when the engine can mount one, else a host-side copy. */
    AUTO,
    /**
     * An overlay volume whose read-only lower layer is the host workspace: staging costs nothing and
     * the upper layer is the change set.
     */
    OVERLAY,
    /** A host-side copy, bind-mounted into the sandbox. Costs a full copy; works everywhere. */
    COPY;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
