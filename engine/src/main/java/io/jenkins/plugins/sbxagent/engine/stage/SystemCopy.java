package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The workspace copy made by the system's own tools, for where no copy-on-write view can be had: GNU {@code cp}
 * copies a tree about twice as fast as a walk from Java, and never follows a link. The result is what
 * {@link Trees#copy} makes: files with their mode and times, links as links, no socket, pipe or device, the
 * excluded paths left out, and each entry given {@code owner} when asked.
 */
final class SystemCopy {
    private static final Duration LIMIT = Duration.ofHours(2);

    private SystemCopy() {
    }

    private static volatile Boolean gnuTools;

    /** Whether this host has GNU's cp, find and chown (BusyBox's lack the options used here); asked once per JVM. */
    static boolean possible(CommandRunner runner) throws InterruptedException {
        Boolean known = gnuTools;
        if (known == null) {
            known = gnu(runner, "cp") && gnu(runner, "find") && gnu(runner, "chown");
            gnuTools = known;
        }
        return known;
    }

    private static boolean gnu(CommandRunner runner, String tool) throws InterruptedException {
        try {
            CommandResult version = runner.run(Command.of(Duration.ofSeconds(10), tool, "--version"));
            return version.succeeded() && version.stdout().contains("GNU");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies {@code source} into the empty folder {@code target}.
     *
     * @param excluded relative paths left out with what lies below them: copied, then removed, before anyone sees the copy
     * @param owner    {@code uid:gid} to give every copied entry, or {@code null} to keep the copier's
     */
    static void copy(Path source, Path target, Set<String> excluded, String owner, CommandRunner runner) throws IOException, InterruptedException {
        // mode and times kept; hard links become files of their own, as the change set sees them; no extended attributes
        // (no file capabilities), no owner but the copier's
        run(runner, "cp", "--recursive", "--no-dereference", "--preserve=mode,timestamps", "--no-target-directory", "--",
                source.toString(), target.toString());
        Set<Path> touched = new HashSet<>();
        for (String path : excluded) {
            if (reachedThroughFolders(target, path)) {
                Trees.delete(target.resolve(path));
                touched.add(Path.of(path).getParent());
            }
        }
        // sockets, pipes and devices are nothing an agent needs, and a device is something it must not get
        String removed = run(runner, "find", target.toString(), "-xdev", "!", "-type", "f", "!", "-type", "d", "!", "-type", "l",
                "-printf", "%P\\0", "-delete");
        for (String path : removed.split("\u0000")) {
            if (!path.isEmpty()) {
                touched.add(Path.of(path).getParent());
            }
        }
        // a folder that lost an entry here keeps its time from the workspace, as if the entry had never been copied
        for (Path folder : touched) {
            Path inSource = folder == null ? source : source.resolve(folder);
            Path inCopy = folder == null ? target : target.resolve(folder);
            if (Files.isDirectory(inCopy, LinkOption.NOFOLLOW_LINKS)) {
                Files.setLastModifiedTime(inCopy, Files.getLastModifiedTime(inSource, LinkOption.NOFOLLOW_LINKS));
            }
        }
        if (owner != null) {
            run(runner, "chown", "--recursive", "--no-dereference", "--", owner, target.toString());
        }
    }

    /** Whether every folder above {@code path} in the copy is a folder, not a link (a link was copied as a link: nothing below it). */
    private static boolean reachedThroughFolders(Path root, String path) {
        Path relative = Path.of(path);
        Path at = root;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            at = at.resolve(relative.getName(i));
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static String run(CommandRunner runner, String... argv) throws IOException, InterruptedException {
        CommandResult result = runner.run(Command.of(LIMIT, argv));
        if (!result.succeeded()) {
            throw new StagingException("copying the workspace failed: " + argv[0] + " exited " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return result.stdout();
    }
}
