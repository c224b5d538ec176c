package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds changes in a tree the agent wrote to directly, by comparing a metadata {@link Snapshot}
 * taken before the run with one taken after it. Only entries whose metadata moved are read and
 * hashed, so the cost is a stat walk plus the changed files.
 */
public final class SnapshotChangeDetector {
    private final Path afterRoot;
    private final Snapshot start;
    private final Set<String> excluded;

    /**
     * @param afterRoot the tree the agent wrote to
     * @param start     its snapshot from before the run
     * @param excluded  relative paths left out with what lies below them
     */
    public SnapshotChangeDetector(Path afterRoot, Snapshot start, Set<String> excluded) {
        this.afterRoot = afterRoot;
        this.start = start;
        this.excluded = Set.copyOf(excluded);
    }

    /**
     * Changes against a before tree whose content is still there (copy mode: the untouched host
     * workspace). Entries whose metadata moved but whose content and mode did not are no change.
     */
    public List<Change> detect(FileTree before) throws IOException {
        Snapshot end = Snapshot.take(afterRoot, excluded);
        FileTree after = FileTree.directory(afterRoot);
        List<Change> changes = new ArrayList<>();
        for (String path : moved(end)) {
            ChangeClassifier.compare(path, before.locate(path), after.locate(path)).ifPresent(changes::add);
        }
        return changes;
    }

    /**
     * Changes when the before content is gone (mount mode: the agent wrote into the host workspace).
     * A file whose metadata moved is reported as modified with its before hash unknown.
     */
    public List<Change> detectWithoutBeforeContent() throws IOException {
        Snapshot end = Snapshot.take(afterRoot, excluded);
        FileTree after = FileTree.directory(afterRoot);
        List<Change> changes = new ArrayList<>();
        for (String path : moved(end)) {
            Snapshot.Meta old = start.entries().get(path);
            EntryState before = old == null ? null : new EntryState(Entries.typeOf(old.rawMode()), old.rawMode() & 07777,
                    old.size(), null, null);
            ChangeClassifier.compare(path, before, Optional.empty(), after.locate(path)).ifPresent(changes::add);
        }
        return changes;
    }

    /** Paths added, removed, or whose metadata differs, in path order. */
    private TreeSet<String> moved(Snapshot end) {
        TreeSet<String> paths = new TreeSet<>();
        Map<String, Snapshot.Meta> before = start.entries();
        Map<String, Snapshot.Meta> after = end.entries();
        for (Map.Entry<String, Snapshot.Meta> entry : after.entrySet()) {
            if (!entry.getValue().equals(before.get(entry.getKey()))) {
                paths.add(entry.getKey());
            }
        }
        for (String path : before.keySet()) {
            if (!after.containsKey(path)) {
                paths.add(path);
            }
        }
        return paths;
    }
}
