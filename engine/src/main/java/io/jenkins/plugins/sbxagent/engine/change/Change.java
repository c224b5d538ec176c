package io.jenkins.plugins.sbxagent.engine.change;

import java.util.Objects;

/**
 * One changed entry of the workspace.
 *
 * @param path   relative to the workspace, '/'-separated
 * @param kind   how it changed
 * @param before the entry before the run, or {@code null} when it was added
 * @param after  the entry after the run, or {@code null} when it was deleted
 * @param binary whether either side holds binary content (a NUL byte in its first 8000 bytes, as git judges)
 */
public record Change(String path, ChangeKind kind, EntryState before, EntryState after, boolean binary) {
    public Change {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change of " + path + " needs a before or an after");
        }
    }

    /** Whether the path lies inside the workspace's {@code .git} folder (hooks, config, ...). */
    public boolean isGitInternal() {
        return path.equals(".git") || path.startsWith(".git/");
    }

    /**
     * How many of these changes count as changed entries: every one but folders, which are listed
     * (a new or removed folder, a changed mode) but not counted, since what changes in a folder is its
     * entries. The one count that changes.json, the risk summary, the gate and the hosts report.
     */
    public static int count(java.util.List<Change> changes) {
        int count = 0;
        for (Change change : changes) {
            if (change.type() != EntryType.DIRECTORY) {
                count++;
            }
        }
        return count;
    }

    /** The entry type after the change, or before it for a deletion. */
    public EntryType type() {
        return after != null ? after.type() : before.type();
    }
}
