package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.OverlayChangeDetector;
import io.jenkins.plugins.sbxagent.engine.change.OverlayTree;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
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
    private final Path upper;
    private final Set<String> excluded;
    private final WorkspaceSource source;
    private final IdMappedView view;

    private OverlayStaging(Path workspace, Path upper, Set<String> excluded, WorkspaceSource source, IdMappedView view) {
        this.workspace = workspace;
        this.upper = upper;
        this.excluded = excluded;
        this.source = source;
        this.view = view;
    }

    /**
     * Makes the upper and work folders in {@code privateDir} (same file system, as overlay requires)
     * that the sandbox's mount of the overlay takes. When {@code user} does not own the workspace, the lower
     * layer is an {@link IdMappedView} of it in which the owner appears as {@code user}.
     *
     * @param user the sandbox user, {@code uid:gid}
     */
    public static OverlayStaging prepare(Path workspace, Path privateDir, Set<String> excluded, String user, CommandRunner runner) throws IOException, InterruptedException {
        if (!canMount(workspace) || !canMount(privateDir)) {
            throw new StagingException("Overlay staging cannot use " + workspace + " or " + privateDir
                    + ": overlay mount options cannot hold ',', ':', '\\', '=' or control characters. Use --staging copy.");
        }
        long[] owner = owner(workspace);
        long[] agent = ids(user);
        // an overlay shows the workspace's own owners, and the owner's permissions are the uid's: another uid needs a view
        boolean needsView = owner[0] != agent[0];
        if (needsView) {
            var unavailable = IdMappedView.unavailableBecause();
            if (unavailable.isPresent()) {
                throw new StagingException("Overlay staging: the sandbox user " + user + " does not own " + workspace + " (" + owner[0] + ":"
                        + owner[1] + "), and " + unavailable.get() + ". Use --staging copy.");
            }
        }
        IdMappedView view = null;
        try {
            if (needsView) {
                view = IdMappedView.mount(workspace, privateDir.resolve("lower"), new IdSwap(owner[0], agent[0]), new IdSwap(owner[1], agent[1]),
                        runner);
            }
            Path upper = Files.createDirectory(privateDir.resolve("upper"));
            Path work = Files.createDirectory(privateDir.resolve("work"));
            // the merged root takes the upper root's owner and mode: make them the workspace's, as the agent sees it
            Files.setAttribute(upper, "unix:mode", (Integer) Files.getAttribute(workspace, "unix:mode") & 07777);
            Files.setAttribute(upper, "unix:uid", (int) agent[0], LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(upper, "unix:gid", (int) (view == null ? owner[1] : agent[1]), LinkOption.NOFOLLOW_LINKS);
            Path lower = view == null ? workspace : view.path();
            return new OverlayStaging(workspace, upper, excluded, WorkspaceSource.overlay(lower, upper, work), view);
        } catch (IOException | RuntimeException e) {
            // leaves the private folder as it found it, for a copy to take its place
            try {
                if (view != null) {
                    view.close();
                }
                for (String folder : new String[] {"upper", "work", "lower"}) {
                    Trees.delete(privateDir.resolve(folder));
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static long[] owner(Path workspace) throws IOException {
        return new long[] {(Integer) Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(workspace, "unix:gid", LinkOption.NOFOLLOW_LINKS)};
    }

    private static long[] ids(String user) {
        int colon = user.indexOf(':');
        return new long[] {Long.parseLong(user.substring(0, colon)), Long.parseLong(user.substring(colon + 1))};
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
    public WorkspaceSource source() {
        return source;
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
    public String detail() {
        return view == null ? "" : "its owner shown as the sandbox user through an idmapped mount";
    }

    /** Detaches the view, so that deleting the private folder, which the run does next, never reaches the workspace. */
    @Override
    public void close() throws IOException {
        if (view != null) {
            view.close();
        }
    }
}
