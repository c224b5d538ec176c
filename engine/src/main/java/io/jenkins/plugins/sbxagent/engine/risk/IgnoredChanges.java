package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.text.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What git will not show a reviewer. The {@code ignored-changes} detector: the changed entries git ignores after the
 * run, as one finding that counts them (medium when one of them is a script or an executable, else low). The
 * {@code gitignore-hides} detector: a {@code .gitignore} edit that makes git ignore an entry it did not ignore before,
 * among the changed entries and the entries of that file's folder.
 */
final class IgnoredChanges {
    private static final Pattern SCRIPT = Pattern.compile("(?i).*\\.(sh|bash|zsh|ps1|bat|cmd|py|js|mjs|cjs|rb|pl|php|jar|so|dll|dylib|exe)$");
    /** Names a finding lists before it only counts. */
    private static final int NAMED = 5;

    private IgnoredChanges() {
    }

    /** The changed entries (not folders) git ignores in {@code after}, in the change set's order. */
    static Set<String> paths(List<Change> changes, FileTree after) throws IOException {
        GitIgnore ignore = new GitIgnore(after);
        Set<String> ignored = new LinkedHashSet<>();
        for (Change change : changes) {
            if (change.type() != EntryType.DIRECTORY && ignore.ignored(change.path(), false)) {
                ignored.add(change.path());
            }
        }
        return ignored;
    }

    static void ignoredChanges(RiskRule rule, AnalysisInput input, Consumer<Finding> out) throws IOException {
        Set<String> ignoredPaths = input.ignoredByGit() != null ? input.ignoredByGit() : paths(input.changes(), input.after());
        List<String> ignored = new ArrayList<>();
        boolean runnable = false;
        for (Change change : input.changes()) {
            if (!ignoredPaths.contains(change.path())) {
                continue;
            }
            ignored.add(change.path());
            runnable |= SCRIPT.matcher(change.path()).matches()
                    || change.after() != null && change.after().type() == EntryType.FILE && (change.after().mode() & 0111) != 0;
        }
        if (!ignored.isEmpty()) {
            Severity severity = runnable ? Severity.worse(rule.severity(), Severity.MEDIUM) : rule.severity();
            out.accept(Detectors.finding(rule, severity, "", 0, Plural.of(ignored.size(), "changed entry is", "changed entries are")
                    + " ignored by git: git status and git diff do not show them, review them here (" + named(ignored) + ")", ""));
        }
    }

    static void gitignoreHides(RiskRule rule, Change change, AnalysisInput input, Consumer<Finding> out) throws IOException {
        if (change.after() == null || change.after().type() != EntryType.FILE) {
            return;
        }
        Path parent = Path.of(change.path()).getParent();
        String folder = parent == null ? "" : parent.toString();
        Set<String> candidates = new LinkedHashSet<>();
        input.changes().stream().filter(c -> c.type() != EntryType.DIRECTORY && c.after() != null).forEach(c -> candidates.add(c.path()));
        for (String name : input.after().names(folder)) {
            candidates.add(folder.isEmpty() ? name : folder + "/" + name);
        }
        GitIgnore before = new GitIgnore(input.before());
        GitIgnore after = new GitIgnore(input.after());
        List<String> hidden = new ArrayList<>();
        for (String path : candidates) {
            boolean isFolder = input.after().locate(path).map(p -> java.nio.file.Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .orElse(false);
            if (!path.equals(change.path()) && after.ignored(path, isFolder) && !before.ignored(path, isFolder)) {
                hidden.add(path);
            }
        }
        if (!hidden.isEmpty()) {
            out.accept(Detectors.finding(rule, rule.severity(), change.path(), 0, "the edit makes git ignore "
                    + Plural.of(hidden.size(), "entry", "entries") + " it did not before (" + named(hidden) + ")", ""));
        }
    }

    private static String named(List<String> paths) {
        return String.join(", ", paths.subList(0, Math.min(NAMED, paths.size()))) + (paths.size() > NAMED ? ", …" : "");
    }
}
