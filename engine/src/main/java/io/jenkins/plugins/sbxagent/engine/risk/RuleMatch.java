package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.ChangeKind;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a rule looks at, compiled. Every condition given must hold; see {@code risk-rules.yaml} for
 * the schema.
 *
 * @param paths             globs the path must match (empty: any path)
 * @param excludePaths      globs that take a path out again
 * @param kinds             change kinds (empty: any)
 * @param types             entry types (empty: any)
 * @param content           patterns for added lines (empty: one finding per matched change)
 * @param scanLog           also apply {@code content} to the agent log
 * @param escalateTo        severity for findings whose added lines match {@code escalateContent}
 * @param escalateContent   patterns that raise the severity
 * @param detector          a built-in detector, or empty
 */
public record RuleMatch(List<Glob> paths, List<Glob> excludePaths, Set<ChangeKind> kinds, Set<EntryType> types, List<Pattern> content,
        boolean scanLog, Severity escalateTo, List<Pattern> escalateContent, String detector, Pattern pathPattern, Pattern excludePattern) {
    public RuleMatch(List<Glob> paths, List<Glob> excludePaths, Set<ChangeKind> kinds, Set<EntryType> types, List<Pattern> content,
            boolean scanLog, Severity escalateTo, List<Pattern> escalateContent, String detector) {
        this(paths, excludePaths, kinds, types, content, scanLog, escalateTo, escalateContent, detector, Glob.union(paths),
                Glob.union(excludePaths));
    }

    public RuleMatch {
        paths = List.copyOf(paths);
        excludePaths = List.copyOf(excludePaths);
        kinds = Set.copyOf(kinds);
        types = Set.copyOf(types);
        content = List.copyOf(content);
        escalateContent = List.copyOf(escalateContent);
        detector = detector == null ? "" : detector;
    }

    /** Whether a change's path, kind and type fit this match (content and detector aside). */
    public boolean selects(String path, ChangeKind kind, EntryType type) {
        return (kinds.isEmpty() || kinds.contains(kind)) && (types.isEmpty() || types.contains(type))
                && (paths.isEmpty() || pathPattern.matcher(path).matches()) && !excludePattern.matcher(path).matches();
    }

    public boolean hasDetector() {
        return !detector.isEmpty();
    }
}
