package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.Snapshot;
import io.jenkins.plugins.sbxagent.engine.change.SnapshotChangeDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The host workspace itself, bind-mounted read-write: the agent's writes land on the host at once.
 * Weaker than a copy, and the content files had before the run is not kept, so a modified file's
 * diff cannot be shown. Only on explicit request.
 */
public final class MountStaging implements StagedWorkspace {
    private final Path workspace;
    private final Set<String> excluded;
    private final Snapshot start;

    private MountStaging(Path workspace, Set<String> excluded, Snapshot start) {
        this.workspace = workspace;
        this.excluded = excluded;
        this.start = start;
    }

    public static MountStaging prepare(Path workspace, Set<String> excluded) throws IOException {
        return new MountStaging(workspace, excluded, Snapshot.take(workspace, excluded));
    }

    @Override
    public String kind() {
        return "mount";
    }

    @Override
    public WorkspaceSource source() {
        return WorkspaceSource.folder(workspace);
    }

    @Override
    public FileTree before() {
        return relative -> java.util.Optional.empty();
    }

    @Override
    public FileTree after() {
        return FileTree.directory(workspace);
    }

    @Override
    public List<Change> detectChanges() throws IOException {
        return new SnapshotChangeDetector(workspace, start, excluded).detectWithoutBeforeContent();
    }

    @Override
    public boolean writesHostWorkspace() {
        return true;
    }

    @Override
    public void close() {
        // nothing private was made
    }
}
