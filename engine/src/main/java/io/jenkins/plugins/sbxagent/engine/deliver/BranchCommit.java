package io.jenkins.plugins.sbxagent.engine.deliver;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.PathNames;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tree a delivered commit holds: {@code HEAD}'s, with the change set laid over it, entry by entry, so that the commit
 * shows exactly the reviewed diff. That holds only where the workspace matched {@code HEAD} before the run, so every
 * changed path is checked against {@code HEAD} first, and a difference (an uncommitted edit, an untracked file) refuses
 * the delivery rather than slip into the branch unreviewed.
 */
final class BranchCommit {
    /** Paths named in a refusal before it only counts them. */
    private static final int NAMED = 5;

    private final HostRepository repository;
    private final SecretMasker masker;

    BranchCommit(HostRepository repository, SecretMasker masker) {
        this.repository = repository;
        this.masker = masker;
    }

    /**
     * One path git tracks content at: a file or a link, before and after (null for none there).
     *
     * @param path repository path
     * @param workspacePath the path in the workspace
     */
    private record Entry(String path, String workspacePath, EntryState before, EntryState after) {
    }

    /** What went into the tree, and what stayed out. */
    record Tree(String id, int entries, Map<String, Integer> leftOut) {
    }

    Tree build(List<Change> changes, FileTree before, FileTree after, Set<String> ignoredByGit, boolean withIgnored) throws IOException,
            InterruptedException {
        Map<String, Integer> leftOut = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        List<Entry> ignored = new ArrayList<>();
        for (Change change : changes) {
            if (isInsideGit(change.path())) {
                leftOut.merge("gitInternal", 1, Integer::sum);
                continue;
            }
            if (change.after() != null && change.after().type() == EntryType.OTHER) {
                // a pipe or a device has no form in git: the path stays as HEAD has it
                leftOut.merge("special", 1, Integer::sum);
                continue;
            }
            Entry entry = new Entry(repository.prefix() + gitName(change.path()), change.path(), content(change.before()), content(change.after()));
            if (entry.before() == null && entry.after() == null) {
                continue; // a folder: git tracks what is in it
            }
            (ignoredByGit.contains(change.path()) && !withIgnored ? ignored : entries).add(entry);
        }
        List<String> paths = new ArrayList<>();
        entries.forEach(e -> paths.add(e.path()));
        ignored.forEach(e -> paths.add(e.path()));
        Map<String, HostRepository.TreeEntry> head = repository.headEntries(paths);
        for (Entry entry : ignored) {
            // a file git tracks is in git diff however .gitignore reads: only untracked ignored entries stay out
            if (head.containsKey(entry.path())) {
                entries.add(entry);
            } else {
                leftOut.merge("ignored", 1, Integer::sum);
            }
        }
        checkAgainstHead(entries, head, before);
        checkNoSecret(entries, after);
        return new Tree(repository.writeTree(indexInfo(entries, after)), entries.size(), leftOut);
    }

    /** Where the workspace did not hold what {@code HEAD} does before the run, the branch would hold unreviewed changes. */
    private void checkAgainstHead(List<Entry> entries, Map<String, HostRepository.TreeEntry> head, FileTree before) throws IOException {
        Set<String> deleted = new java.util.HashSet<>();
        entries.stream().filter(e -> e.after() == null).forEach(e -> deleted.add(e.path()));
        List<String> differing = new ArrayList<>();
        for (Entry entry : entries) {
            HostRepository.TreeEntry inHead = head.get(entry.path());
            if (!sameContent(entry, inHead, before)) {
                differing.add(entry.workspacePath());
                continue;
            }
            if (entry.after() != null) {
                // a file where HEAD has a folder: every file of that folder must go too, or git cannot place it
                String folder = entry.path() + "/";
                boolean kept = head.keySet().stream().anyMatch(path -> path.startsWith(folder) && !deleted.contains(path));
                if (kept) {
                    differing.add(entry.workspacePath());
                }
            }
        }
        if (!differing.isEmpty()) {
            throw new DeliveryException("the workspace did not match HEAD before the run at " + named(differing)
                    + " (uncommitted or untracked changes), so the branch would hold more than the reviewed diff. Commit, stash or clean"
                    + " them before the run, then deliver.");
        }
    }

    private boolean sameContent(Entry entry, HostRepository.TreeEntry inHead, FileTree before) throws IOException {
        EntryState state = entry.before();
        if (state == null || inHead == null) {
            return state == null && inHead == null;
        }
        if (!state.gitMode().equals(inHead.mode())) {
            return false;
        }
        if (state.type() == EntryType.SYMLINK) {
            return repository.linkBlobId(PathNames.bytes(state.linkTarget())).equals(inHead.id());
        }
        Path file = before.locate(entry.workspacePath()).orElseThrow(() -> new DeliveryException(entry.workspacePath() + " vanished from the"
                + " workspace as it was before the run"));
        return repository.fileBlobId(file).equals(inHead.id());
    }

    /** sbx-agent delivers no bound secret, whatever the policy: a bundle or a pushed branch cannot be masked. */
    private void checkNoSecret(List<Entry> entries, FileTree after) throws IOException {
        if (masker.isEmpty()) {
            return;
        }
        for (Entry entry : entries) {
            EntryState state = entry.after();
            if (state == null) {
                continue;
            }
            boolean found = masker.containsSecret(entry.path())
                    || state.type() == EntryType.SYMLINK && masker.containsSecret(state.linkTarget())
                    || state.type() == EntryType.FILE && masker.countIn(located(after, entry)) > 0;
            if (found) {
                throw new DeliveryException(masker.mask(entry.workspacePath()) + " holds a bound secret, in some encoding: sbx-agent delivers no"
                        + " secret. See the bound-secrets finding in the risk summary.");
            }
        }
    }

    /** The records of {@code git update-index -z --index-info}: removals first, so that a file may take a folder's place. */
    private byte[] indexInfo(List<Entry> entries, FileTree after) throws IOException, InterruptedException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((Entry e) -> e.after() != null).thenComparing(Entry::path));
        List<Path> files = new ArrayList<>();
        for (Entry entry : sorted) {
            if (entry.after() != null && entry.after().type() == EntryType.FILE) {
                files.add(located(after, entry));
            }
        }
        Map<String, String> fileIds = new LinkedHashMap<>();
        List<String> ids = repository.writeBlobs(files);
        int next = 0;
        for (Entry entry : sorted) {
            if (entry.after() != null && entry.after().type() == EntryType.FILE) {
                fileIds.put(entry.path(), ids.get(next++));
            }
        }
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (Entry entry : sorted) {
            String record;
            if (entry.after() == null) {
                record = "0 " + repository.zeroId() + "\t" + entry.path();
            } else if (entry.after().type() == EntryType.SYMLINK) {
                record = entry.after().gitMode() + " " + repository.writeLinkBlob(PathNames.bytes(entry.after().linkTarget())) + "\t" + entry.path();
            } else {
                record = entry.after().gitMode() + " " + fileIds.get(entry.path()) + "\t" + entry.path();
            }
            records.writeBytes(record.getBytes(StandardCharsets.UTF_8));
            records.write(0);
        }
        return records.toByteArray();
    }

    private static Path located(FileTree tree, Entry entry) throws IOException {
        return tree.locate(entry.workspacePath()).orElseThrow(() -> new DeliveryException(entry.workspacePath() + " vanished after the run"));
    }

    /** A side git stores content for: a file or a link; a folder, a pipe or nothing is none. */
    private static EntryState content(EntryState state) {
        return state != null && (state.type() == EntryType.FILE || state.type() == EntryType.SYMLINK) ? state : null;
    }

    /**
     * The name git stores for a path of the change set, which writes names as exact text ({@link PathNames}): the name's
     * own bytes, as text. A name that is not UTF-8 is refused: git would get only some other name from this process.
     */
    private static String gitName(String encoded) throws DeliveryException {
        byte[] bytes = PathNames.bytes(encoded);
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DeliveryException("the name of " + encoded + " is not UTF-8, which sbx-agent does not give git. Rename it, or deliver"
                    + " without --deliver-branch.");
        }
    }

    /** Git refuses a path with a {@code .git} part in any tree; the workspace's own {@code .git} is never delivered either. */
    static boolean isInsideGit(String path) {
        for (String part : path.split("/")) {
            if (part.equals(".git")) {
                return true;
            }
        }
        return false;
    }

    private static String named(List<String> paths) {
        return String.join(", ", paths.subList(0, Math.min(NAMED, paths.size()))) + (paths.size() > NAMED ? " and "
                + (paths.size() - NAMED) + " more" : "");
    }
}
