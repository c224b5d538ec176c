package io.jenkins.plugins.sbxagent.engine.stage;

import java.nio.file.Path;

/**
 * What a sandbox mounts as its workspace: a host folder, or an overlay of the workspace that the sandbox's own
 * mount makes (a copy-on-write view: writes land in {@code upper}).
 *
 * @param folder the host folder, or null for an overlay
 * @param lower  the overlay's read-only lower layer
 * @param upper  the overlay's upper layer, the change set
 * @param work   the overlay's work folder, on the upper layer's file system
 */
public record WorkspaceSource(Path folder, Path lower, Path upper, Path work) {
    public static WorkspaceSource folder(Path path) {
        return new WorkspaceSource(path, null, null, null);
    }

    public static WorkspaceSource overlay(Path lower, Path upper, Path work) {
        return new WorkspaceSource(null, lower, upper, work);
    }

    public boolean isOverlay() {
        return folder == null;
    }

    /**
     * The overlay's mount options. userxattr: overlay keeps its whiteout and opaque marks in user.* attributes that
     * this JVM can read, and renames of folders copy instead of leaving redirects behind. The paths were checked by
     * {@link OverlayStaging#canMount}: none can end an option or add a layer.
     */
    public String overlayOptions() {
        return "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work + ",userxattr";
    }
}
