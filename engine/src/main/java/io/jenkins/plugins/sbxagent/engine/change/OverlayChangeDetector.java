package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the change set out of an overlay's upper layer. Only what the agent touched is there, so the
 * cost grows with the change, not with the workspace: a copied-up file that kept its content and
 * mode is no change; a whiteout is a deletion; an opaque folder deletes what the lower layer had
 * below it.
 */
public final class OverlayChangeDetector {
    private final Path lower;
    private final Path upper;
    private final Set<String> excluded;
    private final FileTree beforeTree;

    /**
     * @param lower    the host workspace, the overlay's read-only lower layer
     * @param upper    the overlay's upper layer, after the overlay was unmounted
     * @param excluded relative paths left out with everything below them (the outputs folder)
     */
    public OverlayChangeDetector(Path lower, Path upper, Set<String> excluded) {
        this.lower = lower;
        this.upper = upper;
        this.excluded = Set.copyOf(excluded);
        this.beforeTree = FileTree.directory(lower);
    }

    public List<Change> detect() throws IOException {
        Map<String, Change> changes = new java.util.TreeMap<>();
        Files.walkFileTree(upper, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes basic) throws IOException {
                String path = relative(dir);
                if (excluded.contains(path)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!path.isEmpty()) {
                    visit(path, dir, changes);
                    if (Entries.isOpaque(dir)) {
                        deletedBelow(path, changes, true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes basic) throws IOException {
                String path = relative(file);
                if (!excluded.contains(path)) {
                    visit(path, file, changes);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new ArrayList<>(changes.values());
    }

    private void visit(String path, Path upperEntry, Map<String, Change> changes) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(upperEntry, Entries.SNAPSHOT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        // the before side is the workspace as it was, whatever the overlay hid; reached only through real folders
        Optional<Path> before = beforeTree.locate(path);
        if (Entries.isWhiteout(attributes)) {
            if (before.isPresent()) {
                ChangeClassifier.compare(path, before, Optional.empty()).ifPresent(change -> changes.putIfAbsent(change.path(), change));
                if (Files.isDirectory(before.get(), LinkOption.NOFOLLOW_LINKS)) {
                    deletedBelow(path, changes, false);
                }
            }
            return;
        }
        ChangeClassifier.compare(path, before, Optional.of(upperEntry)).ifPresent(change -> changes.putIfAbsent(change.path(), change));
        if (before.isPresent() && Files.isDirectory(before.get(), LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(upperEntry, LinkOption.NOFOLLOW_LINKS)) {
            // a folder replaced by a file or link: everything that was below it is gone
            deletedBelow(path, changes, false);
        }
    }

    /**
     * Records as deleted every lower entry below {@code path}; with {@code onlyMissingAbove}, only those
     * the upper layer does not have (an opaque folder keeps what the agent wrote into it again).
     */
    private void deletedBelow(String path, Map<String, Change> changes, boolean onlyMissingAbove) throws IOException {
        Path lowerDir = PathNames.resolve(lower, path);
        if (!Files.isDirectory(lowerDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(lowerDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes basic) throws IOException {
                if (dir.equals(lowerDir)) {
                    return FileVisitResult.CONTINUE;
                }
                return record(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes basic) throws IOException {
                record(file);
                return FileVisitResult.CONTINUE;
            }

            private boolean record(Path lowerEntry) throws IOException {
                String relative = PathNames.encode(lower, lowerEntry);
                if (excluded.contains(relative)) {
                    return false;
                }
                if (onlyMissingAbove && Files.exists(PathNames.resolve(upper, relative), LinkOption.NOFOLLOW_LINKS)) {
                    // the agent made something here again: the upper walk compares it, and what was
                    // below it may still be gone
                    return Files.isDirectory(lowerEntry, LinkOption.NOFOLLOW_LINKS);
                }
                ChangeClassifier.compare(relative, Optional.of(lowerEntry), Optional.empty()).ifPresent(change -> changes.putIfAbsent(change.path(), change));
                return true;
            }
        });
    }

    private String relative(Path upperEntry) {
        return PathNames.encode(upper, upperEntry);
    }
}
