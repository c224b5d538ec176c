package io.jenkins.plugins.sbxagent.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system tools' copy against the Java walk's, on a tree with every kind of entry: they must make the same copy. */
class SystemCopyTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @TempDir
    Path temp;

    private Path workspace;

    @BeforeEach
    void tree() throws Exception {
        workspace = Files.createDirectories(temp.resolve("ws"));
        Files.createDirectories(workspace.resolve("src/deep"));
        Files.writeString(workspace.resolve("src/deep/a.txt"), "a\n");
        Files.writeString(workspace.resolve("tool"), "#!/bin/sh\n");
        Files.setAttribute(workspace.resolve("tool"), "unix:mode", 0750);
        Files.writeString(workspace.resolve("setuid"), "x");
        Files.setAttribute(workspace.resolve("setuid"), "unix:mode", 04755);
        Files.createLink(workspace.resolve("hard"), workspace.resolve("src/deep/a.txt"));
        Files.createSymbolicLink(workspace.resolve("leak"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(workspace.resolve("linked"), Path.of("src"));
        Files.createDirectories(workspace.resolve("out/run"));
        Files.writeString(workspace.resolve("out/run/audit.json"), "{}");
        Files.createDirectories(workspace.resolve("locked"));
        Files.writeString(workspace.resolve("locked/inside"), "i");
        Files.setAttribute(workspace.resolve("locked"), "unix:mode", 0555);
        runner.run(Command.of(Duration.ofSeconds(10), "mkfifo", workspace.resolve("pipe").toString())).orThrow();
        Files.setLastModifiedTime(workspace.resolve("src"), Files.getLastModifiedTime(workspace.resolve("tool")));
    }

    @Test
    void shouldMakeTheSameCopyAsTheJavaWalk() throws Exception {
        Set<String> excluded = Set.of("out", "linked/deep");
        Path bySystem = Files.createDirectory(temp.resolve("system"));
        Path byJava = Files.createDirectory(temp.resolve("java"));

        SystemCopy.copy(workspace, bySystem, excluded, "1000:1000", runner);
        Trees.copy(workspace, byJava, excluded, "1000:1000");

        assertThat(describe(bySystem)).isEqualTo(describe(byJava)).containsKeys("src/deep/a.txt", "leak", "linked", "locked/inside")
                .doesNotContainKeys("pipe", "out", "out/run/audit.json");
        assertThat(Files.isSameFile(bySystem.resolve("hard"), bySystem.resolve("src/deep/a.txt"))).as("a hard link is a file of its own").isFalse();
        assertThat(Files.getAttribute(bySystem.resolve("src/deep/a.txt"), "unix:uid")).isEqualTo(1000);
        assertThat(workspace.resolve("src/deep/a.txt")).as("the source is untouched").exists();
        assertThat(workspace.resolve("out/run/audit.json")).exists();
    }

    @Test
    void shouldKeepTheCopiersOwnerWhenNoneIsAsked() throws Exception {
        Path copy = Files.createDirectory(temp.resolve("copy"));
        Files.setAttribute(workspace.resolve("tool"), "unix:uid", 1234);

        SystemCopy.copy(workspace, copy, Set.of(), null, runner);

        assertThat(Files.getAttribute(copy.resolve("tool"), "unix:uid")).isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    /** Java's copy keeps times to the microsecond, cp to the nanosecond: compared as the coarser. */
    private static String micros(Object time) {
        return ((java.nio.file.attribute.FileTime) time).to(java.util.concurrent.TimeUnit.MICROSECONDS) + "us";
    }

    /** Each entry's type, mode, size, time and (for a link) target: what the change set compares. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Map<String, Object> a = Files.readAttributes(path, "unix:mode,size,lastModifiedTime,uid,gid", LinkOption.NOFOLLOW_LINKS);
                String link = Files.isSymbolicLink(path) ? " -> " + Files.readSymbolicLink(path) : "";
                boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                entries.put(root.relativize(path).toString(), Integer.toOctalString((Integer) a.get("mode")) + " " + a.get("uid") + ":" + a.get("gid")
                        + (folder ? "" : " " + a.get("size")) + (Files.isSymbolicLink(path) ? "" : " " + micros(a.get("lastModifiedTime"))) + link);
            }
        }
        return entries;
    }
}
