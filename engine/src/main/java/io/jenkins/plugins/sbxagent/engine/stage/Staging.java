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
        boolean auto = spec.staging() == StagingMode.AUTO;
        if (spec.staging() == StagingMode.OVERLAY
                || auto && HostFacts.overlaySupported() && OverlayStaging.canMount(workspace) && OverlayStaging.canMount(privateDir)) {
            try {
                return OverlayStaging.prepare(workspace, privateDir, excluded, user, runner);
            } catch (StagingException e) {
                if (!auto) {
                    throw e;
                }
                // no view for a workspace the sandbox user does not own, here, or the kernel refused it: the copy still works
                messages.accept("copying the workspace instead of an overlay: " + e.getMessage());
            }
        }
        return CopyStaging.prepare(workspace, privateDir, excluded, HostFacts.runningAsRoot() ? user : null, runner);
    }
}
