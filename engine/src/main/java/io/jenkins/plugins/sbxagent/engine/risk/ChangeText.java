package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.diff.BoundedDiff;
import com.github.difflib.patch.AbstractDelta;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines a change added to a text file, with their line numbers in the new content, and how many
 * it removed. Binary files, files over the size limit and non-files have no text.
 */
final class ChangeText {
    /** One added line. */
    record AddedLine(int number, String text) {
    }

    static final ChangeText NONE = new ChangeText(List.of(), List.of(), false, "", 0, 0, false);

    private final List<AddedLine> added;
    private final List<String> removed;
    private final boolean text;
    private final String before;
    private final long addedCount;
    private final long removedCount;
    private final boolean large;

    private ChangeText(List<AddedLine> added, List<String> removed, boolean text, String before, long addedCount, long removedCount,
            boolean large) {
        this.added = added;
        this.removed = removed;
        this.text = text;
        this.before = before;
        this.addedCount = addedCount;
        this.removedCount = removedCount;
        this.large = large;
    }

    static ChangeText of(Change change, FileTree beforeTree, FileTree afterTree, long limit) throws IOException {
        if (change.binary()
                || change.after() != null && change.after().type() != EntryType.FILE && (change.before() == null || change.before().type() != EntryType.FILE)) {
            return NONE;
        }
        if (!isSmallFile(change.before(), limit) || !isSmallFile(change.after(), limit)) {
            // too large to diff in memory: counted streaming, and its first added lines kept for the content rules
            LargeText.Counted counted = LargeText.of(change.before(), beforeTree, change.after(), afterTree, change.path());
            return new ChangeText(counted.sample(), List.of(), true, "", counted.added(), counted.removed(), true);
        }
        List<String> oldLines = lines(change.before(), beforeTree, change.path());
        List<String> newLines = lines(change.after(), afterTree, change.path());
        List<AddedLine> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        if (oldLines.isEmpty()) {
            for (int i = 0; i < newLines.size(); i++) {
                added.add(new AddedLine(i + 1, newLines.get(i)));
            }
        } else if (!newLines.isEmpty()) {
            for (AbstractDelta<String> delta : BoundedDiff.diff(oldLines, newLines).getDeltas()) {
                removed.addAll(delta.getSource().getLines());
                int first = delta.getTarget().getPosition();
                List<String> lines = delta.getTarget().getLines();
                for (int i = 0; i < lines.size(); i++) {
                    added.add(new AddedLine(first + i + 1, lines.get(i)));
                }
            }
        } else {
            removed.addAll(oldLines);
        }
        return new ChangeText(added, removed, true, String.join("\n", oldLines), added.size(), removed.size(), false);
    }

    private static boolean isSmallFile(EntryState state, long limit) {
        return state == null || state.type() != EntryType.FILE || state.size() <= limit;
    }

    private static List<String> lines(EntryState state, FileTree tree, String path) throws IOException {
        if (state == null || state.type() != EntryType.FILE || state.sha256() == null) {
            return List.of();
        }
        // binary files never get here: of() stops at change.binary(), which the classifier set from both sides
        Optional<Path> host = tree.locate(path);
        if (host.isEmpty()) {
            return List.of();
        }
        String content = new String(Files.readAllBytes(host.get()), StandardCharsets.UTF_8);
        if (content.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(content.split("\r?\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the break that ends the last line starts no new one
        }
        return lines;
    }

    List<AddedLine> added() {
        return added;
    }

    /** How many lines were added: for a large file, more than {@link #added()} holds. */
    long addedCount() {
        return addedCount;
    }

    long removed() {
        return removedCount;
    }

    /** Whether the file was too large to diff in memory: its lines were counted, and only its first added ones kept. */
    boolean large() {
        return large;
    }

    List<String> removedLines() {
        return removed;
    }

    boolean isText() {
        return text;
    }

    /** The whole content before the change, for detectors that compare against it. */
    String before() {
        return before;
    }
}
