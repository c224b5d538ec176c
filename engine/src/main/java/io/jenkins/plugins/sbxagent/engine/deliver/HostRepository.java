package io.jenkins.plugins.sbxagent.engine.deliver;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host repository a branch is delivered to, driven through git plumbing only. Every command names the repository
 * by {@code GIT_DIR} and works on objects, refs or a temporary index: none reads or writes the working tree or the
 * repository's own index. No system or user configuration, hook, credential helper or prompt takes part; the repository's own
 * configuration (its object format, its remotes) does.
 */
final class HostRepository {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Paths per listing or hashing command: argument vectors and captured output stay small whatever the change set. */
    private static final int BATCH = 1_000;
    /** Characters of paths per command, well below the system's limit of an argument vector. */
    private static final int ARGUMENT_CHARACTERS = 64 * 1024;

    private final CommandRunner runner;
    private final Path gitDir;
    private final Path scratch;
    private final String prefix;
    private final String objectFormat;
    private final String head;

    private HostRepository(CommandRunner runner, Path gitDir, Path scratch, String prefix, String objectFormat, String head) {
        this.runner = runner;
        this.gitDir = gitDir;
        this.scratch = scratch;
        this.prefix = prefix;
        this.objectFormat = objectFormat;
        this.head = head;
    }

    /**
     * The repository the workspace lies in.
     *
     * @param scratch a private folder for the temporary index and the like
     */
    static HostRepository open(Path workspace, Path scratch, CommandRunner runner) throws IOException, InterruptedException {
        Command find = command(List.of("rev-parse", "--absolute-git-dir", "--show-prefix", "--show-object-format"), null)
                .withDirectory(workspace);
        CommandResult found = runner.run(find);
        if (!found.succeeded()) {
            throw new DeliveryException(BranchDelivery.FIELD + " needs the workspace in a git repository with a commit to start from: git says "
                    + problem(found));
        }
        String[] lines = found.stdout().split("\n", -1);
        Path gitDir = Path.of(lines[0]);
        HostRepository unborn = new HostRepository(runner, gitDir, scratch, lines[1], lines[2], null);
        CommandResult head = runner.run(unborn.git(List.of("rev-parse", "--verify", "--quiet", "HEAD^{commit}")));
        return new HostRepository(runner, gitDir, scratch, lines[1], lines[2], head.succeeded() ? head.stdout().strip() : null);
    }

    /** The commit the branch starts from, or null in a repository without one. */
    String head() {
        return head;
    }

    /** Where the workspace lies in the repository: empty, or a folder path ending in '/'. */
    String prefix() {
        return prefix;
    }

    /** The id git gives no object: what a ref that must not exist yet is expected to hold. */
    String zeroId() {
        return "0".repeat(objectFormat.equals("sha256") ? 64 : 40);
    }

    boolean refExists(String ref) throws IOException, InterruptedException {
        return runner.run(git(List.of("show-ref", "--verify", "--quiet", ref))).succeeded();
    }

    /**
     * Whether a new ref could be made now, asked of git itself in a transaction it prepares and then aborts: a ref of that
     * name, or a folder or file of refs in its way ({@code a} where {@code a/b} would go), says no. A repository without a
     * commit has nothing to try it with: there, only the name itself is looked up.
     */
    boolean canCreate(String ref) throws IOException, InterruptedException {
        if (head == null) {
            return !refExists(ref);
        }
        byte[] transaction = ("start\ncreate " + ref + " " + head + "\nprepare\nabort\n").getBytes(StandardCharsets.UTF_8);
        return runner.run(git(List.of("update-ref", "--stdin")).withStdin(transaction)).succeeded();
    }

    /**
     * What {@code HEAD} holds at each of these repository paths, and under them: path to mode and object id. A path
     * missing from the answer is not in {@code HEAD}.
     */
    Map<String, TreeEntry> headEntries(Collection<String> paths) throws IOException, InterruptedException {
        Map<String, TreeEntry> entries = new LinkedHashMap<>();
        if (head == null) {
            return entries;
        }
        for (List<String> batch : batches(paths)) {
            listInto(batch, entries);
        }
        return entries;
    }

    private void listInto(List<String> paths, Map<String, TreeEntry> entries) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("ls-tree", "-r", "-z", "--full-tree", head, "--"));
        arguments.addAll(paths);
        for (String record : call(arguments, null).split("\0")) {
            if (record.isEmpty()) {
                continue;
            }
            // <mode> SP <type> SP <id> TAB <path>
            int tab = record.indexOf('\t');
            String[] fields = record.substring(0, tab).split(" ");
            entries.put(record.substring(tab + 1), new TreeEntry(fields[0], fields[2]));
        }
    }

    /**
     * Writes each file's bytes, exactly, as a blob, and returns the blobs' ids in the same order. Files only, never links.
     * The paths go as arguments, never as lines on standard input: git reads such a line without its trailing CR and
     * unquotes one that starts with a quote, so a file named {@code x\r} would be stored with the bytes of {@code x}.
     */
    List<String> writeBlobs(List<Path> files) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (List<String> batch : batches(files.stream().map(Path::toString).toList())) {
            ids.addAll(writeBatch(batch));
        }
        return ids;
    }

    private List<String> writeBatch(List<String> files) throws IOException, InterruptedException {
        // --no-filters: the bytes the agent wrote and the diff shows, not what a clean filter of .gitattributes makes of them
        List<String> arguments = new ArrayList<>(List.of("hash-object", "-w", "--no-filters", "--"));
        arguments.addAll(files);
        List<String> ids = List.of(call(arguments, null).strip().split("\n"));
        if (ids.size() != files.size()) {
            throw new DeliveryException("git hash-object wrote " + ids.size() + " blobs for " + files.size() + " files");
        }
        return ids;
    }

    /** Paths in runs that one argument vector holds: at most {@link #BATCH} paths and {@link #ARGUMENT_CHARACTERS} characters. */
    private static List<List<String>> batches(Collection<String> paths) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int length = 0;
        for (String path : paths) {
            if (!batch.isEmpty() && (batch.size() == BATCH || length + path.length() > ARGUMENT_CHARACTERS)) {
                batches.add(batch);
                batch = new ArrayList<>();
                length = 0;
            }
            batch.add(path);
            length += path.length() + 1;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /**
     * Makes the tree of {@code HEAD} with these index lines applied ({@code git update-index --index-info} records), in an
     * index of its own that is deleted afterwards.
     */
    String writeTree(byte[] indexInfo) throws IOException, InterruptedException {
        Path index = scratch.resolve("delivery-index");
        Map<String, String> own = Map.of("GIT_INDEX_FILE", index.toString());
        try {
            call(head == null ? List.of("read-tree", "--empty") : List.of("read-tree", head), null, own);
            call(List.of("update-index", "-z", "--index-info"), indexInfo, own);
            return call(List.of("write-tree"), null, own).strip();
        } finally {
            Files.deleteIfExists(index);
            Files.deleteIfExists(scratch.resolve("delivery-index.lock"));
        }
    }

    /** The tree of {@code HEAD}, or null without one. */
    String headTree() throws IOException, InterruptedException {
        return head == null ? null : call(List.of("rev-parse", head + "^{tree}"), null).strip();
    }

    /** A commit of {@code tree} on {@code HEAD}, by {@code identity} at {@code seconds}, never signed. */
    String commitTree(String tree, String message, GitIdentity identity, long seconds) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("commit-tree", "--no-gpg-sign", tree));
        if (head != null) {
            arguments.addAll(List.of("-p", head));
        }
        String date = "@" + seconds + " +0000";
        return call(arguments, message.getBytes(StandardCharsets.UTF_8), Map.of("GIT_AUTHOR_NAME", identity.name(), "GIT_AUTHOR_EMAIL",
                identity.email(), "GIT_AUTHOR_DATE", date, "GIT_COMMITTER_NAME", identity.name(), "GIT_COMMITTER_EMAIL", identity.email(),
                "GIT_COMMITTER_DATE", date)).strip();
    }

    /** The commit a ref points at, or null when there is no such ref. */
    String refTarget(String ref) throws IOException, InterruptedException {
        CommandResult result = runner.run(git(List.of("rev-parse", "--verify", "--quiet", ref + "^{commit}")));
        return result.succeeded() ? result.stdout().strip() : null;
    }

    /** Deletes a ref, only while it still points at {@code commit}. */
    void deleteRef(String ref, String commit) throws IOException, InterruptedException {
        call(List.of("update-ref", "-d", ref, commit), null);
    }

    /** Points a new ref at the commit; fails, changing nothing, when the ref exists by then. */
    void createRef(String ref, String commit, String reason) throws IOException, InterruptedException {
        call(List.of("update-ref", "-m", reason, ref, commit, zeroId()), null);
    }

    /** Writes a bundle of {@code ref} holding what {@code HEAD} does not: whoever has {@code HEAD} can fetch the branch from it. */
    void bundle(Path file, String ref) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("bundle", "create", "--quiet", file.toString(), ref));
        if (head != null) {
            arguments.add("^" + head);
        }
        call(arguments, null);
    }

    /** Runs git on this repository with extra variables and returns its standard output; a failure names git's complaint. */
    String call(List<String> arguments, byte[] stdin, Map<String, String> variables) throws IOException, InterruptedException {
        CommandResult result = runner.run(git(arguments).withEnvironment(variables).withStdin(stdin));
        if (!result.succeeded()) {
            throw new DeliveryException("git " + arguments.get(0) + " failed: " + problem(result));
        }
        return result.stdout();
    }

    String call(List<String> arguments, byte[] stdin) throws IOException, InterruptedException {
        return call(arguments, stdin, Map.of());
    }

    private Command git(List<String> arguments) {
        return command(arguments, gitDir).withDirectory(scratch);
    }

    private static Command command(List<String> arguments, Path gitDir) {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
                "-c", "credential.helper="));
        argv.addAll(arguments);
        Map<String, String> environment = new LinkedHashMap<>(Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
                "GIT_TERMINAL_PROMPT", "0", "GIT_LITERAL_PATHSPECS", "1"));
        if (gitDir != null) {
            environment.put("GIT_DIR", gitDir.toString());
        }
        return new Command(argv, environment, null, TIMEOUT, null);
    }

    private static String problem(CommandResult result) {
        String text = result.stderr().strip();
        return (text.isEmpty() ? "exit code " + result.exitCode() : text.lines().limit(5).reduce((a, b) -> a + "; " + b).orElse(text));
    }

    /**
     * The id git gives a blob of these bytes in this repository's object format, computed here: what is already in
     * {@code HEAD} is compared without writing anything.
     */
    String blobId(InputStream content, long size) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(objectFormat.equals("sha256") ? "SHA-256" : "SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = content.read(buffer)) > 0;) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    String fileBlobId(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return blobId(in, Files.size(file));
        }
    }

    /** @param target the link's target, its bytes as the file system holds them */
    String linkBlobId(byte[] target) throws IOException {
        return blobId(new java.io.ByteArrayInputStream(target), target.length);
    }

    /** Writes a link's target as a blob, as git stores a link: its bytes. */
    String writeLinkBlob(byte[] target) throws IOException, InterruptedException {
        return call(List.of("hash-object", "-w", "--no-filters", "--stdin"), target).strip();
    }

    /**
     * One entry of a tree.
     *
     * @param mode git's mode: 100644, 100755, 120000, 160000 (a submodule) or 040000
     * @param id   the object's id
     */
    record TreeEntry(String mode, String id) {
    }
}
