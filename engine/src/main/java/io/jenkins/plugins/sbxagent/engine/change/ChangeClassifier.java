package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Decides whether and how one entry changed, from its two sides. */
final class ChangeClassifier {
    private ChangeClassifier() {
    }

    /** Compares the entry at two host paths (either may be absent); files are hashed. */
    static Optional<Change> compare(String path, Optional<Path> beforeHost, Optional<Path> afterHost) throws IOException {
        EntryState before = beforeHost.isPresent() ? Entries.read(beforeHost.get(), true).orElse(null) : null;
        return compare(path, before, beforeHost, afterHost);
    }

    /** Compares a known before state (its hash may be unknown) with the entry at a host path. */
    static Optional<Change> compare(String path, EntryState before, Optional<Path> beforeHost, Optional<Path> afterHost)
            throws IOException {
        EntryState after = afterHost.isPresent() ? Entries.read(afterHost.get(), true).orElse(null) : null;
        ChangeKind kind = kind(before, after);
        if (kind == null) {
            return Optional.empty();
        }
        boolean binary = isBinary(before, beforeHost) || isBinary(after, afterHost);
        return Optional.of(new Change(path, kind, before, after, binary));
    }

    private static ChangeKind kind(EntryState before, EntryState after) {
        if (before == null && after == null) {
            return null;
        }
        if (before == null) {
            return ChangeKind.ADDED;
        }
        if (after == null) {
            return ChangeKind.DELETED;
        }
        if (before.type() != after.type()) {
            return ChangeKind.TYPE_CHANGED;
        }
        switch (before.type()) {
            case FILE -> {
                boolean sameContent = before.sha256() != null && before.sha256().equals(after.sha256());
                if (!sameContent) {
                    return ChangeKind.MODIFIED;
                }
                return before.mode() == after.mode() ? null : ChangeKind.MODE_CHANGED;
            }
            case SYMLINK -> {
                return Objects.equals(before.linkTarget(), after.linkTarget()) ? null : ChangeKind.MODIFIED;
            }
            default -> {
                return before.mode() == after.mode() ? null : ChangeKind.MODE_CHANGED;
            }
        }
    }

    private static boolean isBinary(EntryState state, Optional<Path> host) throws IOException {
        return state != null && state.type() == EntryType.FILE && host.isPresent() && Entries.isBinary(host.get());
    }
}
