package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.RunningCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Copying and deleting whole trees, never through a symbolic link. */
public final class Trees {
    private Trees() {
    }

    /**
     * Copies {@code source} into the empty folder {@code target}: files with their mode and times,
     * links as links; sockets and pipes are left out.
     *
     * @param excluded relative paths left out with what lies below them
     * @param owner    {@code uid:gid} to give every copied entry, or {@code null} to keep the copier's
     */
    public static void copy(Path source, Path target, Set<String> excluded, String owner) throws IOException {
        int uid = owner == null ? -1 : Integer.parseInt(owner.substring(0, owner.indexOf(':')));
        int gid = owner == null ? -1 : Integer.parseInt(owner.substring(owner.indexOf(':') + 1));
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                String relative = source.relativize(dir).toString();
                if (excluded.contains(relative)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path copy = target.resolve(source.relativize(dir));
                if (!relative.isEmpty()) {
                    Files.createDirectory(copy);
                }
                // writable while its entries are copied; its own mode is set when it is done
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = source.relativize(file).toString();
                if (excluded.contains(relative) || attributes.isOther()) {
                    return FileVisitResult.CONTINUE;
                }
                Path copy = target.resolve(source.relativize(file));
                Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                chown(copy);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Path copy = target.resolve(source.relativize(dir));
                Files.setAttribute(copy, "unix:mode", (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
                Files.setLastModifiedTime(copy, Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
                chown(copy);
                return FileVisitResult.CONTINUE;
            }

            private void chown(Path path) throws IOException {
                if (uid >= 0) {
                    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            }
        });
    }

    /**
     * Deletes a tree with the system's {@code chmod -R} and {@code rm -rf --one-file-system}, which
     * walk relative to each folder (no limit on depth) and never follow links: for what
     * {@link #delete} cannot remove, such as names past PATH_MAX or folders the agent locked.
     *
     * @return whether the tree is gone
     */
    public static boolean forceDelete(Path root, CommandRunner runner) throws IOException, InterruptedException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        refuseMountPoints(root);
        runner.run(systemDeletion(root, Duration.ofMinutes(10)));
        return !Files.exists(root, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Starts deleting a tree in a process of its own and returns at once: a run's result never waits
     * for its private folder to go, and the deletion goes on if this JVM exits first. {@code sbx-agent
     * gc} removes whatever a failed deletion leaves.
     */
    public static RunningCommand deleteLater(Path root, CommandRunner runner) throws IOException {
        refuseMountPoints(root);
        return runner.start(systemDeletion(root, Duration.ofHours(1)), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    }

    /** The system tools' deletion: every folder made writable (whatever the agent locked), then everything removed. */
    private static Command systemDeletion(Path root, Duration limit) {
        return Command.of(limit, "sh", "-c", "chmod -R u+rwX -- \"$1\" 2>/dev/null; exec rm -rf --one-file-system -- \"$1\"",
                "sbx-agent-delete", root.toString());
    }

    /** Deletes a tree, making each folder writable first so that an agent's {@code chmod} cannot block it. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        refuseMountPoints(root);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A mounted view of a workspace shares its file system, so neither {@code rm --one-file-system}
     * nor a device check would stop at it: deleting a tree that holds one is refused outright.
     */
    private static void refuseMountPoints(Path root) throws IOException {
        List<Path> mounted = Mounts.under(root);
        if (!mounted.isEmpty()) {
            throw new IOException("will not delete " + root + ": " + mounted + " is mounted below it");
        }
    }
}
