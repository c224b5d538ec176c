package io.jenkins.plugins.sbxagent.engine.publish;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.ChangeKind;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.PathNames;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * Copies the agent's changes into the host workspace, all or nothing: every entry it replaces or
 * deletes is first moved into a backup folder, and any failure puts them all back. Entries are
 * written as links, files and folders, never through a link.
 */
public final class ChangeApplier {
    private final Path workspace;
    private final FileTree after;

    private final int[] owner;

    public ChangeApplier(Path workspace, FileTree after) throws IOException {
        this.workspace = workspace;
        this.after = after;
        this.owner = new int[] {(Integer) Files.getAttribute(workspace, "unix:uid"), (Integer) Files.getAttribute(workspace, "unix:gid")};
    }

    /**
     * Applies the changes.
     *
     * @throws IOException when one could not be applied; the workspace is then as it was
     */
    public void apply(List<Change> changes) throws IOException {
        Path backup = workspace.resolve(".sbx-agent-apply-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)));
        Files.createDirectory(backup);
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            List<Change> deletions = new ArrayList<>(changes.stream().filter(c -> c.after() == null || c.kind() == ChangeKind.TYPE_CHANGED).toList());
            deletions.sort(Comparator.comparing(Change::path).reversed());
            for (Change change : deletions) {
                moveAside(change.path(), backup, undo);
            }
            for (Change change : changes.stream().filter(c -> c.after() != null).sorted(Comparator.comparing(Change::path)).toList()) {
                write(change, backup, undo);
            }
            Trees.delete(backup);
        } catch (IOException | RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException undoFailure) {
                    e.addSuppressed(undoFailure);
                }
            }
            Trees.delete(backup);
            throw e;
        }
    }

    private void write(Change change, Path backup, Deque<Runnable> undo) throws IOException {
        Path target = checkedTarget(change.path());
        EntryState state = change.after();
        Path source = after.locate(change.path()).orElseThrow(() -> new IOException(change.path() + " vanished after the run"));
        if (state.type() == EntryType.DIRECTORY) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
                undo.push(() -> deleteQuietly(target));
            }
            Files.setAttribute(target, "unix:mode", safeMode(state.mode()));
            own(target);
            return;
        }
        if (state.type() == EntryType.OTHER) {
            return; // pipes and devices are not carried back
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            moveAside(change.path(), backup, undo);
        }
        if (state.type() == EntryType.SYMLINK) {
            Files.createSymbolicLink(target, PathNames.linkPath(state.linkTarget()));
        } else {
            Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:mode", safeMode(state.mode()), LinkOption.NOFOLLOW_LINKS);
        }
        own(target);
        undo.push(() -> deleteQuietly(target));
    }

    private void moveAside(String relative, Path backup, Deque<Runnable> undo) throws IOException {
        Path target = checkedTarget(relative);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = backup.resolve(Integer.toString(undo.size()));
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        undo.push(() -> {
            try {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot restore " + relative + " from " + aside, e);
            }
        });
    }

    /**
     * The permission bits an applied entry gets: the agent's read, write and execute bits, never
     * setuid, setgid or sticky (a setuid file written by a root engine would be a root shell), and
     * never writable by others.
     */
    static int safeMode(int mode) {
        return mode & 0775;
    }

    /** Gives an applied entry the workspace's owner, as if the workspace's user had written it. */
    private void own(Path target) throws IOException {
        try {
            Files.setAttribute(target, "unix:uid", owner[0], LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", owner[1], LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.FileSystemException e) {
            // not root: the entry already belongs to this user, who owns or may write the workspace
        }
    }

    /** The workspace path for {@code relative}, refusing it when a folder on the way is a link or not a folder. */
    private Path checkedTarget(String relative) throws IOException {
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            Path current = PathNames.resolve(workspace, prefix.toString());
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("refusing to apply " + relative + ": " + workspace.relativize(current) + " is not a folder");
            }
        }
        return PathNames.resolve(workspace, relative);
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Trees.delete(path);
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot undo " + path, e);
        }
    }
}
