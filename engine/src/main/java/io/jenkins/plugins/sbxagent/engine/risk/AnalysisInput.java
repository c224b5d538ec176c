package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a rating looks at.
 *
 * @param changes          the change set
 * @param before           the workspace before the run
 * @param after            the workspace after the run
 * @param agentLog         the (masked) agent log, or {@code null}
 * @param boundSecretHits  per output file, how many occurrences of the run's bound secrets were masked in it
 * @param networkLog       the egress proxy's access log of an allow-list run, or {@code null}
 * @param ignoredByGit     the changed entries git ignores after the run, when the caller has them already
 *                         ({@link RiskAnalyzer#ignoredByGit}); {@code null} to have the rating find them
 */
public record AnalysisInput(List<Change> changes, FileTree before, FileTree after, Path agentLog, Map<String, Long> boundSecretHits,
        Path networkLog, Set<String> ignoredByGit) {
    public AnalysisInput {
        changes = List.copyOf(changes);
        boundSecretHits = Map.copyOf(boundSecretHits);
        ignoredByGit = ignoredByGit == null ? null : java.util.Collections.unmodifiableSet(ignoredByGit);
    }

    /** The rating finds what git ignores itself. */
    public AnalysisInput(List<Change> changes, FileTree before, FileTree after, Path agentLog, Map<String, Long> boundSecretHits,
            Path networkLog) {
        this(changes, before, after, agentLog, boundSecretHits, networkLog, null);
    }

    /** Without a network log (runs with network none or open). */
    public AnalysisInput(List<Change> changes, FileTree before, FileTree after, Path agentLog, Map<String, Long> boundSecretHits) {
        this(changes, before, after, agentLog, boundSecretHits, null, null);
    }
}
