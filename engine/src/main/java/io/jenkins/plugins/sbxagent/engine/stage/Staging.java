package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.StagingMode;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Chooses how a Docker sandbox sees the workspace and stages it. {@code auto} takes the copy-on-write
 * overlay wherever it can (for a workspace the sandbox user does not own, through an idmapped view)
 * and copies only where it cannot.
 */
public final class Staging {
    /** The sandbox's user for a root-owned workspace: the sandbox never runs as root. */
    public static final String UNPRIVILEGED_USER = "1000:1000";

    private Staging() {
    }

    /** The workspace's owner, unless that is root: then {@link #UNPRIVILEGED_USER}. */
    public static String sandboxUser(Path workspace) {
        try {
            int uid = (Integer) Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(workspace, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return uid == 0 || gid == 0 ? UNPRIVILEGED_USER : uid + ":" + gid;
        } catch (IOException e) {
            return UNPRIVILEGED_USER;
        }
    }

    /**
     * Stages {@code spec}'s workspace in {@code privateDir} for a sandbox that runs as {@code user}.
     *
     * @param messages told what was chosen instead of what, and why
     */
    public static StagedWorkspace prepare(RunSpec spec, Path privateDir, String user, CommandRunner runner,
            Consumer<String> messages) throws IOException, InterruptedException {
        Set<String> excluded = spec.outputsInsideWorkspace().map(Set::of).orElse(Set.of());
        Path workspace = spec.workspace();
        if (spec.workspaceMode() == WorkspaceMode.MOUNT) {
            messages.accept("WARNING: workspace mode 'mount': the agent writes into the host workspace directly");
            return MountStaging.prepare(workspace, excluded);
        }
        if (spec.staging() == StagingMode.OVERLAY) {
            return OverlayStaging.prepare(workspace, privateDir, excluded, user, runner);
        }
        boolean overlay = spec.staging() == StagingMode.AUTO && HostFacts.overlaySupported() && OverlayStaging.canMount(workspace)
                && OverlayStaging.canMount(privateDir);
        if (overlay && !owns(workspace, user)) {
            var unavailable = IdMappedView.unavailableBecause();
            if (unavailable.isPresent()) {
                messages.accept("the sandbox user " + user + " does not own the workspace, and " + unavailable.get()
                        + ": copying the workspace instead");
                overlay = false;
            }
        }
        if (overlay) {
            try {
                return OverlayStaging.prepare(workspace, privateDir, excluded, user, runner);
            } catch (StagingException e) {
                // the kernel or the file system refused the idmapped view: the copy still works
                messages.accept(e.getMessage() + "; copying the workspace instead");
                Trees.delete(privateDir.resolve("upper"));
                Trees.delete(privateDir.resolve("work"));
                Files.deleteIfExists(privateDir.resolve("lower"));
            }
        }
        return CopyStaging.prepare(workspace, privateDir, excluded, HostFacts.runningAsRoot() ? user : null, runner);
    }

    /** An overlay shows the workspace's own owners: its owner's uid can write there without a view. */
    private static boolean owns(Path workspace, String user) {
        try {
            return user.startsWith(Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":");
        } catch (IOException e) {
            return false;
        }
    }
}
