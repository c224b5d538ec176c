package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code git-config} detector: which of git's own configuration files the change touched, and, read as git reads
 * them, which keys it set or changed that make git run a program or look elsewhere. Those are critical wherever the
 * change put them: on a header's line, in any case, in a file the repository's configuration includes. Any other change
 * to such a file is one finding at the rule's severity.
 */
final class GitConfigCheck {
    /** The files git reads as the repository's configuration, besides those they include. */
    private static final Pattern CONFIG = Pattern.compile("\\.git/config|\\.git/config\\.worktree|\\.git/worktrees/[^/]+/config\\.worktree");
    /** Larger than any configuration: read no further. */
    private static final long LARGEST = 1024 * 1024;
    /** How many configuration files are read at most, includes included. */
    private static final int MOST_FILES = 64;

    private final RiskRule rule;
    private final AnalysisInput input;
    private final Evidence evidence;
    /** Each configuration file's lines, per tree, read once: finding the includes reads them before the check does. */
    private final Map<FileTree, Map<String, List<String>>> read = new IdentityHashMap<>();

    GitConfigCheck(RiskRule rule, AnalysisInput input, Evidence evidence) {
        this.rule = rule;
        this.input = input;
        this.evidence = evidence;
    }

    void inspect(Consumer<Finding> out) throws IOException {
        Set<String> configs = configFiles();
        for (Change change : input.changes()) {
            if (!configs.contains(change.path())) {
                continue;
            }
            List<GitConfig.Entry> before = GitConfig.parse(lines(input.before(), change.path(), change.before()));
            List<String> lines = lines(input.after(), change.path(), change.after());
            List<GitConfig.Entry> after = GitConfig.parse(lines);
            Set<String> had = new HashSet<>();
            before.forEach(entry -> had.add(entry.key() + "=" + entry.value()));
            boolean found = false;
            for (GitConfig.Entry entry : after) {
                if (GitConfig.runsOrRedirects(entry) && !had.contains(entry.key() + "=" + entry.value())) {
                    found = true;
                    String line = entry.line() <= lines.size() ? lines.get(entry.line() - 1) : entry.key();
                    out.accept(new Finding(rule.id(), Severity.CRITICAL, change.path(), entry.line(), "sets " + entry.key()
                            + ": the next git command " + (runs(entry) ? "runs its value" : "follows it elsewhere"), evidence.of(line)));
                }
            }
            if (!found) {
                out.accept(new Finding(rule.id(), rule.severity(), change.path(), 0, CONFIG.matcher(change.path()).matches()
                        ? "git's configuration " + change.kind().id() : "a file git's configuration includes " + change.kind().id(), ""));
            }
        }
    }

    private static boolean runs(GitConfig.Entry entry) {
        return !Set.of("include", "includeif", "url", "remote", "http").contains(entry.section())
                && !(entry.section().equals("core") && Set.of("hookspath", "worktree").contains(entry.name()));
    }

    /** The repository's configuration files, and the workspace files they include (after the change, and before it). */
    private Set<String> configFiles() throws IOException {
        Set<String> files = new LinkedHashSet<>();
        Deque<String> toRead = new ArrayDeque<>();
        for (Change change : input.changes()) {
            if (CONFIG.matcher(change.path()).matches()) {
                toRead.add(change.path());
            }
        }
        toRead.add(".git/config");
        while (!toRead.isEmpty() && files.size() < MOST_FILES) {
            String file = toRead.poll();
            if (!files.add(file)) {
                continue;
            }
            for (FileTree tree : List.of(input.after(), input.before())) {
                for (GitConfig.Entry entry : GitConfig.parse(lines(tree, file, null))) {
                    if (entry.name().equals("path") && (entry.section().equals("include") || entry.section().equals("includeif"))) {
                        included(file, entry.value()).ifPresent(toRead::add);
                    }
                }
            }
        }
        return files;
    }

    /** A workspace path an include names, relative to the including file's folder; empty for one outside the workspace. */
    private static Optional<String> included(String from, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.startsWith("~")) {
            return Optional.empty();
        }
        Path folder = Path.of(from).getParent();
        Path resolved = (folder == null ? Path.of(target) : folder.resolve(target)).normalize();
        String path = resolved.toString();
        return path.startsWith("..") || path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    private List<String> lines(FileTree tree, String path, EntryState state) throws IOException {
        if (state != null && state.type() != EntryType.FILE) {
            return List.of();
        }
        Map<String, List<String>> files = read.computeIfAbsent(tree, t -> new HashMap<>());
        List<String> lines = files.get(path);
        if (lines == null) {
            lines = tree.smallTextLines(path, LARGEST);
            files.put(path, lines);
        }
        return lines;
    }
}
