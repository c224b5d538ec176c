package io.jenkins.plugins.sbxagent.engine.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.ChangeKind;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.Snapshot;
import io.jenkins.plugins.sbxagent.engine.change.SnapshotChangeDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchWriterTest {
    private static final long TEXT_LIMIT = 8L << 20;

    @TempDir
    Path temp;

    @Test
    void shouldWriteAPatchThatGitApplyTurnsBeforeIntoAfter() throws Exception {
        Scenario scenario = scenario(before -> {
            write(before, "modified.txt", numberedLines(1, 30));
            write(before, "no-eol.txt", "alpha\nbeta\ngamma\n");
            write(before, "deleted.txt", "gone soon\n");
            write(before, "script.sh", "#!/bin/sh\necho hi\n");
            chmod(before, "script.sh", "rw-r--r--");
            write(before, "becomes-link.txt", "I will be a link\n");
            link(before, "link-becomes-file", "modified.txt");
            write(before, "changed.bin", binary(1, 3000));
            write(before, "deleted.bin", binary(2, 700));
            write(before, "text-becomes-binary.dat", "plain text\n");
            write(before, "dé jà.txt", "old words\n");
            write(before, "crlf.txt", "one\r\ntwo\r\nthree\r\n");
            write(before, "sub/dir/nested.txt", "nested\n");
            write(before, "sub/keep.txt", "kept as is\n");
            link(before, "retargeted-link", "modified.txt");
            link(before, "deleted-link", "nowhere");
        }, after -> {
            write(after, "modified.txt", numberedLines(1, 30).replace("line 5\n", "line five\n").replace("line 25\n",
                    "line twenty-five\nline twenty-five and a half\n"));
            write(after, "no-eol.txt", "alpha\nbeta\ngamma");
            write(after, "added.txt", "new\nfile\n");
            Files.delete(after.resolve("deleted.txt"));
            write(after, "empty-added.txt", "");
            chmod(after, "script.sh", "rwxr-xr-x");
            Files.delete(after.resolve("becomes-link.txt"));
            link(after, "becomes-link.txt", "modified.txt");
            Files.delete(after.resolve("link-becomes-file"));
            write(after, "link-becomes-file", "now a file\n");
            link(after, "new-link", "sub/dir/nested.txt");
            write(after, "added.bin", binary(3, 5000));
            write(after, "changed.bin", binary(4, 3100));
            Files.delete(after.resolve("deleted.bin"));
            write(after, "text-becomes-binary.dat", "not\0plain\0any more\n");
            write(after, "dé jà.txt", "new words\nand more\n");
            write(after, "crlf.txt", "one\r\nTWO\r\nthree\r\nfour\r\n");
            write(after, "sub/dir/nested.txt", "nested, changed\n");
            write(after, "newdir/deeper/fresh.txt", "fresh\n");
            write(after, "new-script.sh", "#!/bin/sh\necho new\n");
            chmod(after, "new-script.sh", "rwxr-xr-x");
            Files.delete(after.resolve("retargeted-link"));
            link(after, "retargeted-link", "crlf.txt");
            Files.delete(after.resolve("deleted-link"));
        });

        assertThat(scenario.kinds()).contains(
                Map.entry("modified.txt", ChangeKind.MODIFIED),
                Map.entry("added.txt", ChangeKind.ADDED),
                Map.entry("deleted.txt", ChangeKind.DELETED),
                Map.entry("script.sh", ChangeKind.MODE_CHANGED),
                Map.entry("becomes-link.txt", ChangeKind.TYPE_CHANGED),
                Map.entry("link-becomes-file", ChangeKind.TYPE_CHANGED),
                Map.entry("new-link", ChangeKind.ADDED),
                Map.entry("retargeted-link", ChangeKind.MODIFIED));
        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch)
                .contains("diff --git a/script.sh b/script.sh\nold mode 100644\nnew mode 100755\n")
                .contains("new file mode 120000\n")
                .contains("deleted file mode 100644\n")
                .contains("GIT binary patch\n")
                .contains("\\ No newline at end of file\n");
        assertThat(hunkHeaders(patch, "modified.txt")).hasSize(2);
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldWriteLargeTextFilesAsBinaryLiteralsThatGitApplyReproduces() throws Exception {
        Scenario scenario = scenario(before -> {
            write(before, "big.txt", numberedLines(1, 200));
            write(before, "removed.txt", "a text longer than the limit\n");
            write(before, "small.txt", "tiny\n");
            write(before, "run.sh", "#!/bin/sh\necho run\n");
            write(before, "shrinks.txt", numberedLines(1, 10));
        }, after -> {
            write(after, "big.txt", numberedLines(1, 200).replace("line 100\n", "line one hundred\n"));
            Files.delete(after.resolve("removed.txt"));
            write(after, "small.txt", "tiny!\n");
            write(after, "grown.txt", numberedLines(1, 3000));
            write(after, "run.sh", "#!/bin/sh\necho run fast\n");
            chmod(after, "run.sh", "rwxr-xr-x");
            write(after, "shrinks.txt", "short\n");
        });

        String patch = scenario.patch(10);

        assertThat(patch).contains("GIT binary patch\n").contains("literal 0\n");
        assertThat(sectionOf(patch, "big.txt")).contains("GIT binary patch\n").doesNotContain("@@");
        assertThat(sectionOf(patch, "shrinks.txt")).as("larger before than the limit").contains("GIT binary patch\n");
        assertThat(sectionOf(patch, "small.txt")).contains("@@ -1,1 +1,1 @@").doesNotContain("GIT binary patch");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldWriteExactGitPatchTextForOneSmallModification() throws Exception {
        Scenario scenario = scenario(before -> write(before, "x", "one\ntwo\n"), after -> write(after, "x", "one\nzwei\n"));

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).isEqualTo("""
                diff --git a/x b/x
                --- a/x
                +++ b/x
                @@ -1,2 +1,2 @@
                 one
                -two
                +zwei
                """);
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldWriteExactGitPatchTextWhenFinalNewlineIsRemoved() throws Exception {
        Scenario scenario = scenario(before -> write(before, "x", "a\nb\n"), after -> write(after, "x", "a\nb"));

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).isEqualTo("""
                diff --git a/x b/x
                --- a/x
                +++ b/x
                @@ -1,2 +1,2 @@
                 a
                -b
                +b
                \\ No newline at end of file
                """);
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldWriteExactGitPatchTextForAddedFileAndNewSymlink() throws Exception {
        Scenario scenario = scenario(before -> write(before, "keep", "k\n"), after -> {
            write(after, "new.txt", "first\nsecond\n");
            link(after, "ln", "new.txt");
        });

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).isEqualTo("""
                diff --git a/ln b/ln
                new file mode 120000
                --- /dev/null
                +++ b/ln
                @@ -0,0 +1,1 @@
                +new.txt
                \\ No newline at end of file
                diff --git a/new.txt b/new.txt
                new file mode 100644
                --- /dev/null
                +++ b/new.txt
                @@ -0,0 +1,2 @@
                +first
                +second
                """);
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldQuoteNonAsciiPathsAsGitDoes() throws Exception {
        Scenario scenario = scenario(before -> write(before, "dé jà.txt", "old\n"), after -> write(after, "dé jà.txt", "newer\n"));

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).startsWith("diff --git \"a/d\\303\\251 j\\303\\240.txt\" \"b/d\\303\\251 j\\303\\240.txt\"\n"
                + "--- \"a/d\\303\\251 j\\303\\240.txt\"\n"
                + "+++ \"b/d\\303\\251 j\\303\\240.txt\"\n");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldApplyChangesToFilesWithNamesGitMustQuote() throws Exception {
        List<String> names = List.of("with space.txt", "trailing space .txt", "quote\"d.txt", "back\\slash.txt", "tab\tbed.txt",
                "日本語.txt", "ünï cödé.bin");
        Scenario scenario = scenario(before -> {
            for (String name : names) {
                write(before, "old/" + name, "before " + name + "\n");
                write(before, "gone/" + name, "deleted " + name + "\n");
            }
        }, after -> {
            for (String name : names) {
                write(after, "old/" + name, name.endsWith(".bin") ? "after\0" + name : "after " + name + "\nmore\n");
                Files.delete(after.resolve("gone/" + name));
                write(after, "new/" + name, "added " + name + "\n");
            }
            write(after, "gone/placeholder", "keeps the folder\n");
        });

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).contains("diff --git \"a/old/quote\\\"d.txt\" \"b/old/quote\\\"d.txt\"\n")
                .contains("diff --git \"a/old/tab\\tbed.txt\" \"b/old/tab\\tbed.txt\"\n")
                .contains("diff --git a/old/with space.txt b/old/with space.txt\n");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldApplyFileThatIsEmptied() throws Exception {
        Scenario scenario = scenario(before -> write(before, "x", "a\nb\n"), after -> write(after, "x", ""));

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldApplyEmptyFileThatGetsContent() throws Exception {
        Scenario scenario = scenario(before -> write(before, "x", ""), after -> write(after, "x", "a\nb\n"));

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldApplyDeletionOfEmptyFile() throws Exception {
        Scenario scenario = scenario(before -> {
            write(before, "empty", "");
            write(before, "other", "o\n");
        }, after -> Files.delete(after.resolve("empty")));

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).startsWith("diff --git a/empty b/empty\ndeleted file mode 100644\n");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldApplyModeAndContentChangeTogether() throws Exception {
        Scenario scenario = scenario(before -> write(before, "tool", "#!/bin/sh\n"), after -> {
            write(after, "tool", "#!/bin/sh\necho tool\n");
            chmod(after, "tool", "rwxr-xr-x");
        });

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).startsWith("diff --git a/tool b/tool\nold mode 100644\nnew mode 100755\n--- a/tool\n+++ b/tool\n");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldApplyExecutableBitRemoval() throws Exception {
        Scenario scenario = scenario(before -> {
            write(before, "tool", "#!/bin/sh\n");
            chmod(before, "tool", "rwxr-xr-x");
        }, after -> chmod(after, "tool", "rw-r--r--"));

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).isEqualTo("diff --git a/tool b/tool\nold mode 100755\nnew mode 100644\n");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldApplyPermissionChangeThatGitDoesNotTrack() throws Exception {
        // group write is no part of git's modes: the change has no patch form, and must not break the patch
        Scenario scenario = scenario(before -> {
            write(before, "shared.txt", "shared\n");
            write(before, "other.txt", "other\n");
        }, after -> {
            chmod(after, "shared.txt", "rw-rw-r--");
            write(after, "other.txt", "other, changed\n");
        });

        assertThat(scenario.kinds()).contains(Map.entry("shared.txt", ChangeKind.MODE_CHANGED));
        String patch = scenario.patch(TEXT_LIMIT);

        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldWriteNothingForPermissionChangeGitDoesNotTrack() throws Exception {
        // git diff writes nothing for it, and git apply rejects a patch that holds only a diff line
        Scenario scenario = scenario(before -> write(before, "shared.txt", "shared\n"),
                after -> chmod(after, "shared.txt", "rw-rw-r--"));

        assertThat(scenario.kinds()).containsExactly(Map.entry("shared.txt", ChangeKind.MODE_CHANGED));
        assertThat(scenario.patch(TEXT_LIMIT)).isEmpty();
    }

    @Test
    void shouldApplyTextFileWithNulByteAfterGitsBinaryProbe() throws Exception {
        String head = "x".repeat(100) + "\n";
        String text = head.repeat(90) + "late\0nul\n";
        Scenario scenario = scenario(before -> write(before, "late.txt", text), after -> write(after, "late.txt", text + "more\n"));

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).contains("@@").doesNotContain("GIT binary patch");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldApplySymlinksWithNonAsciiTargets() throws Exception {
        Scenario scenario = scenario(before -> {
            write(before, "dé jà.txt", "target\n");
            link(before, "retargeted", "dé jà.txt");
        }, after -> {
            link(after, "accented", "dé jà.txt");
            link(after, "japanese", "日本語/ファイル.txt");
            Files.delete(after.resolve("retargeted"));
            link(after, "retargeted", "ça-ira-après.txt");
        });

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldWriteSymlinkTargetAsItsUtf8Bytes() throws Exception {
        Scenario scenario = scenario(before -> write(before, "keep", "k\n"), after -> link(after, "ln", "dé.txt"));

        String patch = scenario.patch(TEXT_LIMIT);

        // the patch is read as ISO-8859-1 here, so each byte is one char: é is the two bytes C3 A9
        assertThat(patch).contains("\n+d\u00c3\u00a9.txt\n\\ No newline at end of file\n");
    }

    @Test
    void shouldApplyFileReplacedByFolder() throws Exception {
        Scenario scenario = scenario(before -> write(before, "x", "a file\n"), after -> {
            Files.delete(after.resolve("x"));
            write(after, "x/inside.txt", "a file in a folder\n");
        });

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldApplyFolderReplacedByFile() throws Exception {
        Scenario scenario = scenario(before -> write(before, "x/inside.txt", "a file in a folder\n"), after -> {
            Files.delete(after.resolve("x/inside.txt"));
            Files.delete(after.resolve("x"));
            write(after, "x", "a file\n");
        });

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldApplyBinaryFileReplacedBySymlinkAndBack() throws Exception {
        Scenario scenario = scenario(before -> {
            write(before, "data.bin", binary(5, 400));
            link(before, "was-link", "data.bin");
        }, after -> {
            Files.delete(after.resolve("data.bin"));
            link(after, "data.bin", "was-link");
            Files.delete(after.resolve("was-link"));
            write(after, "was-link", binary(6, 500));
        });

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldApplyRandomTextEdits() throws Exception {
        Random random = new Random(4242L);
        Map<String, List<String>> originals = new TreeMap<>();
        for (int file = 0; file < 40; file++) {
            List<String> lines = new ArrayList<>();
            for (int line = random.nextInt(60); line > 0; line--) {
                lines.add(randomLine(random));
            }
            originals.put("f" + file + ".txt", lines);
        }
        Scenario scenario = scenario(before -> {
            for (Map.Entry<String, List<String>> file : originals.entrySet()) {
                write(before, file.getKey(), join(file.getValue(), random.nextInt(4) != 0));
            }
        }, after -> {
            for (Map.Entry<String, List<String>> file : originals.entrySet()) {
                List<String> lines = new ArrayList<>(file.getValue());
                for (int edit = 1 + random.nextInt(6); edit > 0; edit--) {
                    int at = lines.isEmpty() ? 0 : random.nextInt(lines.size());
                    switch (random.nextInt(3)) {
                        case 0 -> lines.add(at, randomLine(random));
                        case 1 -> {
                            if (!lines.isEmpty()) {
                                lines.remove(at);
                            }
                        }
                        default -> {
                            if (!lines.isEmpty()) {
                                lines.set(at, randomLine(random));
                            }
                        }
                    }
                }
                lines.add("edited");
                write(after, file.getKey(), join(lines, random.nextInt(4) != 0));
            }
        });

        assertGitApplyReproducesAfter(scenario, scenario.patch(TEXT_LIMIT));
    }

    @Test
    void shouldApplyTextWithBytesThatAreNotUtf8() throws Exception {
        byte[] latin1 = "caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1);
        Scenario scenario = scenario(before -> Files.write(before.resolve("latin1.txt"), latin1), after -> {
            ByteArrayOutputStream changed = new ByteArrayOutputStream();
            changed.writeBytes(latin1);
            changed.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'});
            Files.write(after.resolve("latin1.txt"), changed.toByteArray());
        });

        String patch = scenario.patch(TEXT_LIMIT);

        assertThat(patch).contains("@@");
        assertGitApplyReproducesAfter(scenario, patch);
    }

    @Test
    void shouldSkipFoldersAndEntriesWhoseBeforeContentIsUnknown() throws IOException {
        Path before = Files.createDirectories(temp.resolve("before"));
        Path after = Files.createDirectories(temp.resolve("after"));
        write(before, "x", "old\n");
        write(after, "x", "new\n");
        Files.createDirectories(after.resolve("folder"));
        EntryState folder = new EntryState(EntryType.DIRECTORY, 0755, 0, null, null);
        EntryState unknown = new EntryState(EntryType.FILE, 0644, 4, null, null);
        EntryState known = new EntryState(EntryType.FILE, 0644, 4, "a".repeat(64), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PatchWriter writer = new PatchWriter(out, FileTree.directory(before), FileTree.directory(after), TEXT_LIMIT);

        writer.write(new Change("folder", ChangeKind.ADDED, null, folder, false));
        writer.write(new Change("x", ChangeKind.MODIFIED, unknown, known, false));

        assertThat(out.size()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    /** Builds the before tree, copies it to the after tree, snapshots the copy, then changes it. */
    private Scenario scenario(TreeWork build, TreeWork change) throws Exception {
        Path before = Files.createDirectories(temp.resolve("before"));
        build.on(before);
        Path after = temp.resolve("after");
        copy(before, after);
        Snapshot snapshot = Snapshot.take(after, Set.of());
        // file times tick in steps of a few milliseconds: let the change time of every change differ from the copy's
        Thread.sleep(20);
        change.on(after);
        List<Change> changes = new SnapshotChangeDetector(after, snapshot, Set.of()).detect(FileTree.directory(before));
        return new Scenario(before, after, changes);
    }

    private record Scenario(Path before, Path after, List<Change> changes) {
        Map<String, ChangeKind> kinds() {
            return changes.stream().collect(Collectors.toMap(Change::path, Change::kind));
        }

        String patch(long textLimit) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PatchWriter writer = new PatchWriter(out, FileTree.directory(before), FileTree.directory(after), textLimit);
            for (Change change : changes) {
                writer.write(change);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @FunctionalInterface
    private interface TreeWork {
        void on(Path root) throws Exception;
    }

    /** Copies {@code before} to a fresh folder, applies the patch there with git and compares the result with {@code after}. */
    private void assertGitApplyReproducesAfter(Scenario scenario, String patch) throws Exception {
        Path patchFile = temp.resolve("change.patch");
        Files.write(patchFile, patch.getBytes(StandardCharsets.ISO_8859_1));
        Path applied = temp.resolve("applied");
        copy(scenario.before(), applied);

        String output = run(applied, "git", "apply", "--whitespace=nowarn", patchFile.toString());

        assertThat(tree(applied)).as("git apply said: %s%npatch:%n%s", output, patch).isEqualTo(tree(scenario.after()));
    }

    /** Every entry of a tree: folders, files with their exec bit and content, links with their target. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String relative = root.relativize(path).toString();
                if (relative.isEmpty()) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    entries.put(relative, "link -> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(relative, "folder");
                } else {
                    byte[] content = Files.readAllBytes(path);
                    boolean executable = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
                            .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
                    entries.put(relative, "file" + (executable ? " +x" : " -x") + " " + content.length + " bytes: "
                            + (content.length <= 200 ? new String(content, StandardCharsets.ISO_8859_1) : sha256(content)));
                }
            }
        }
        return entries;
    }

    private void copy(Path source, Path target) throws Exception {
        Files.createDirectories(target);
        run(temp, "cp", "-a", source + "/.", target.toString());
    }

    /** Runs a command to its end, failing on a non-zero exit; returns what it printed. */
    private String run(Path directory, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // no repository around the folders, no user or system settings: git apply works on plain folders
        builder.environment().put("GIT_CEILING_DIRECTORIES", temp.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s exit code; output:%n%s", List.of(command), output).isZero();
        return output;
    }

    private static void write(Path root, String relative, String content) throws IOException {
        write(root, relative, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path root, String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static void link(Path root, String relative, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(relative), Path.of(target));
    }

    private static void chmod(Path root, String relative, String permissions) throws IOException {
        Files.setPosixFilePermissions(root.resolve(relative), PosixFilePermissions.fromString(permissions));
    }

    private static String numberedLines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i <= to; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    /** Random bytes with NUL bytes early on, so that git judges them binary. */
    private static byte[] binary(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[1] = 0;
        bytes[10] = 0;
        return bytes;
    }

    private static String randomLine(Random random) {
        String[] words = {"alpha", "beta", "gamma", "", "  indented", "}", "{", "return x;", "trailing \r", "é"};
        return words[random.nextInt(words.length)] + (random.nextInt(3) == 0 ? " " + random.nextInt(5) : "");
    }

    private static String join(List<String> lines, boolean finalNewline) {
        String text = String.join("\n", lines);
        return finalNewline && !lines.isEmpty() ? text + "\n" : text;
    }

    private static List<String> hunkHeaders(String patch, String path) {
        return sectionOf(patch, path).lines().filter(line -> line.startsWith("@@")).toList();
    }

    /** The part of the patch about one path, from its diff line to the next. */
    private static String sectionOf(String patch, String path) {
        String header = "diff --git a/" + path + " b/" + path + "\n";
        int start = patch.indexOf(header);
        assertThat(start).as("section of %s in%n%s", path, patch).isNotNegative();
        int end = patch.indexOf("\ndiff --git ", start);
        return end < 0 ? patch.substring(start) : patch.substring(start, end + 1);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
