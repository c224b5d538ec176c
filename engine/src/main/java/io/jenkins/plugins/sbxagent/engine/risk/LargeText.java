package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The changed lines of a text file too large to diff in memory, read streaming at a bounded cost: each side's lines are
 * reduced to 64-bit hashes, a line of the new content whose hash the old content does not hold counts as added (and the
 * other way round as removed), and the first {@link #SAMPLE_LINES} added lines are kept for the content rules. The
 * counts are exact for added and deleted files; for a changed file they count lines, not moves, as a line-set
 * difference does. Memory: 8 bytes a line; past {@link #HASHED_BYTES} a side is only counted.
 */
final class LargeText {
    /** Added lines the content rules see of one large file. */
    static final int SAMPLE_LINES = 20_000;
    /** Beyond this, a side's lines are counted, not hashed: every line then counts as changed. */
    static final long HASHED_BYTES = 512L << 20;

    /** What was read: counts, and the added lines kept. */
    record Counted(long added, long removed, List<ChangeText.AddedLine> sample) {
    }

    private LargeText() {
    }

    static Counted of(EntryState before, FileTree beforeTree, EntryState after, FileTree afterTree, String path) throws IOException {
        Optional<Path> old = file(before, beforeTree, path);
        Optional<Path> now = file(after, afterTree, path);
        long[] oldHashes = old.isPresent() && Files.size(old.get()) <= HASHED_BYTES ? sortedHashes(old.get()) : null;
        long[] newHashes = now.isPresent() && Files.size(now.get()) <= HASHED_BYTES ? sortedHashes(now.get()) : null;
        long oldLines = old.isEmpty() ? 0 : oldHashes != null ? oldHashes.length : countLines(old.get());
        long newLines = now.isEmpty() ? 0 : newHashes != null ? newHashes.length : countLines(now.get());
        long added = newLines;
        long removed = oldLines;
        if (oldHashes != null && newHashes != null) {
            long common = common(oldHashes, newHashes);
            added = newLines - common;
            removed = oldLines - common;
        }
        List<ChangeText.AddedLine> sample = new ArrayList<>();
        if (now.isPresent() && added > 0) {
            try (BufferedReader reader = reader(now.get())) {
                int number = 0;
                for (String line = reader.readLine(); line != null && sample.size() < SAMPLE_LINES; line = reader.readLine()) {
                    number++;
                    if (oldHashes == null || Arrays.binarySearch(oldHashes, hash(line)) < 0) {
                        sample.add(new ChangeText.AddedLine(number, line));
                    }
                }
            }
        }
        return new Counted(added, removed, sample);
    }

    private static Optional<Path> file(EntryState state, FileTree tree, String path) throws IOException {
        return state == null || state.type() != EntryType.FILE ? Optional.empty() : tree.locate(path);
    }

    /** How many lines two sorted multisets share. */
    private static long common(long[] a, long[] b) {
        long shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                shared++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }

    private static long[] sortedHashes(Path file) throws IOException {
        long[] hashes = new long[1024];
        int count = 0;
        try (BufferedReader reader = reader(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (count == hashes.length) {
                    hashes = Arrays.copyOf(hashes, count * 2);
                }
                hashes[count++] = hash(line);
            }
        }
        long[] sorted = Arrays.copyOf(hashes, count);
        Arrays.sort(sorted);
        return sorted;
    }

    private static long countLines(Path file) throws IOException {
        long lines = 0;
        try (BufferedReader reader = reader(file)) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        return lines;
    }

    /** A line's 64-bit FNV-1a hash over its UTF-16 units (two different lines rarely share one: a change then goes uncounted). */
    static long hash(String line) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < line.length(); i++) {
            hash ^= line.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                1 << 16);
    }
}
