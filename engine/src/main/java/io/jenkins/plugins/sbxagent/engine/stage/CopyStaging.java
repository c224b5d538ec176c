package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.Snapshot;
import io.jenkins.plugins.sbxagent.engine.change.SnapshotChangeDetector;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Staging by a host-side copy bind-mounted into the sandbox: for hosts where an overlay cannot be
 * mounted, or where the agent's user does not own the workspace. Costs a full copy.
 */
public final class CopyStaging implements StagedWorkspace {
    private final Path workspace;
    private final Path copy;
    private final Set<String> excluded;
    private final Snapshot start;

    private CopyStaging(Path workspace, Path copy, Set<String> excluded, Snapshot start) {
        this.workspace = workspace;
        this.copy = copy;
        this.excluded = excluded;
        this.start = start;
    }

    /**
     * Copies the workspace into {@code privateDir}, owned by {@code owner} when given, and takes the
     * snapshot that change detection compares against.
     */
    public static CopyStaging prepare(Path workspace, Path privateDir, Set<String> excluded, String owner, CommandRunner runner)
            throws IOException, InterruptedException {
        Path copy = Files.createDirectory(privateDir.resolve("copy"));
        boolean copied = false;
        if (SystemCopy.possible(runner)) {
            try {
                SystemCopy.copy(workspace, copy, excluded, owner, runner);
                copied = true;
            } catch (StagingException e) {
                // e.g. a non-root engine meeting a device node, or a pipe in a read-only folder: the walk skips those
                Trees.delete(copy);
                Files.createDirectory(copy);
            }
        }
        if (!copied) {
            Trees.copy(workspace, copy, excluded, owner);
        }
        return new CopyStaging(workspace, copy, excluded, Snapshot.take(copy, excluded));
    }

    @Override
    public String kind() {
        return "copy";
    }

    @Override
    public WorkspaceSource source() {
        return WorkspaceSource.folder(copy);
    }

    @Override
    public FileTree before() {
        return FileTree.directory(workspace);
    }

    @Override
    public FileTree after() {
        return FileTree.directory(copy);
    }

    @Override
    public List<Change> detectChanges() throws IOException {
        return new SnapshotChangeDetector(copy, start, excluded).detect(before());
    }

    @Override
    public boolean writesHostWorkspace() {
        return false;
    }

    @Override
    public void close() {
        // the copy lies in the private folder, which the run deletes
    }
}
