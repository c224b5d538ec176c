package io.jenkins.plugins.sbxagent.engine.stage;

/**
 * What a sandbox mounts as its workspace: a host folder, or the named volume that mounts an overlay.
 *
 * @param name   the host folder's path or the volume's name
 * @param volume whether {@code name} names a volume
 */
public record WorkspaceSource(String name, boolean volume) {
    public static WorkspaceSource folder(java.nio.file.Path path) {
        return new WorkspaceSource(path.toString(), false);
    }

    public static WorkspaceSource volume(String name) {
        return new WorkspaceSource(name, true);
    }
}
