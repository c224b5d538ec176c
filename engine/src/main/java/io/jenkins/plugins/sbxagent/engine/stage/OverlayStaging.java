package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerSandbox;
import io.jenkins.plugins.sbxagent.engine.backend.docker.Mount;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.OverlayChangeDetector;
import io.jenkins.plugins.sbxagent.engine.change.OverlayTree;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Copy-on-write staging: the host workspace is the overlay's read-only lower layer and the agent's
 * writes land in a private upper layer, which is the change set. Staging copies nothing and change
 * detection reads only what the agent touched.
 */
public final class OverlayStaging implements StagedWorkspace {
    private final Path workspace;
    private final Path privateDir;
    private final Path upper;
    private final Set<String> excluded;
    private final String volume;

    private OverlayStaging(Path workspace, Path privateDir, Path upper, Set<String> excluded, String volume) {
        this.workspace = workspace;
        this.privateDir = privateDir;
        this.upper = upper;
        this.excluded = excluded;
        this.volume = volume;
    }

    /**
     * Makes the upper and work folders in {@code privateDir} (same file system, as overlay requires)
     * and the volume that mounts the overlay.
     */
    public static OverlayStaging prepare(Path workspace, Path privateDir, Set<String> excluded, DockerSandbox sandbox)
            throws IOException, InterruptedException {
        if (!canMount(workspace) || !canMount(privateDir)) {
            throw new io.jenkins.plugins.sbxagent.engine.backend.SandboxException("Overlay staging cannot use " + workspace + " or "
                    + privateDir + ": overlay mount options cannot hold ',', ':', '\\', '=' or control characters. Use --staging copy.");
        }
        Path upper = Files.createDirectory(privateDir.resolve("upper"));
        Path work = Files.createDirectory(privateDir.resolve("work"));
        // the merged root takes the upper root's owner and mode: make them the workspace's
        Files.setAttribute(upper, "unix:mode", (Integer) Files.getAttribute(workspace, "unix:mode") & 07777);
        Files.setAttribute(upper, "unix:uid", Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        Files.setAttribute(upper, "unix:gid", Files.getAttribute(workspace, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        String volume = sandbox.createOverlayVolume(workspace.toString(), upper.toString(), work.toString());
        return new OverlayStaging(workspace, privateDir, upper, excluded, volume);
    }

    /**
     * Whether a path can stand in an overlay's mount options. A ',' would end the option and a ':'
     * would add another lower layer: a workspace named {@code x,lowerdir=/root} would show the agent
     * another folder than the one checked.
     */
    public static boolean canMount(Path path) {
        return path.toString().chars().noneMatch(c -> c == ',' || c == ':' || c == '\\' || c == '=' || c < 0x20 || c == 0x7f);
    }

    @Override
    public String kind() {
        return "overlay";
    }

    @Override
    public Mount mount() {
        return Mount.volume(volume, RunSpec.SANDBOX_WORKSPACE);
    }

    @Override
    public FileTree before() {
        return FileTree.directory(workspace);
    }

    @Override
    public FileTree after() {
        return new OverlayTree(workspace, upper);
    }

    @Override
    public List<Change> detectChanges() throws IOException {
        return new OverlayChangeDetector(workspace, upper, excluded).detect();
    }

    @Override
    public boolean writesHostWorkspace() {
        return false;
    }

    @Override
    public void close() throws IOException {
        Trees.delete(privateDir);
    }
}
