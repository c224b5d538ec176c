package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The metadata of every entry of a tree at one moment: type and mode, size, modification time,
 * change time and inode. No content is read, so a snapshot of 100,000 files costs a stat walk.
 *
 * <p>Why the change time can be trusted: an agent can set a file's modification time back to what it
 * was ({@code touch -d}), but the kernel sets the change time on every write and metadata change, and
 * only a process that may set the system clock (CAP_SYS_TIME, which the sandbox never has) can make
 * it lie. A content change therefore always shows as a changed ctime, size or inode.
 */
public final class Snapshot {
    /** The metadata kept per entry. */
    record Meta(int rawMode, long size, long mtimeNanos, long ctimeNanos, long inode) {
    }

    private final Map<String, Meta> entries;

    private Snapshot(Map<String, Meta> entries) {
        this.entries = entries;
    }

    /** Takes a snapshot of {@code root}, leaving out the {@code excluded} relative paths and what lies below them. */
    public static Snapshot take(Path root, Set<String> excluded) throws IOException {
        Map<String, Meta> entries = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes basic) throws IOException {
                String path = PathNames.encode(root, dir);
                if (excluded.contains(path)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!path.isEmpty()) {
                    entries.put(path, meta(dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes basic) throws IOException {
                String path = PathNames.encode(root, file);
                if (!excluded.contains(path)) {
                    entries.put(path, meta(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Snapshot(entries);
    }

    private static Meta meta(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, Entries.SNAPSHOT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new Meta((Integer) a.get("mode"), (Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
                (Long) a.get("ino"));
    }

    private static long nanos(Object time) {
        return time instanceof FileTime t ? t.to(java.util.concurrent.TimeUnit.NANOSECONDS) : 0L;
    }

    public int size() {
        return entries.size();
    }

    Map<String, Meta> entries() {
        return entries;
    }
}
