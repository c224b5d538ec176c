package io.jenkins.plugins.sbxagent.engine.risk;

import java.util.Comparator;
import java.util.List;

/**
 * The rating of one change set.
 *
 * @param level        the highest severity found, or none
 * @param findings     every finding, most severe first
 * @param changedFiles entries changed (folders not counted)
 * @param addedLines   text lines added
 * @param removedLines text lines removed
 * @param changedPaths every changed path, for policies that look at paths
 * @param rulesVersion schema version of the rules that rated it
 */
public record RiskReport(Severity level, List<Finding> findings, int changedFiles, long addedLines, long removedLines,
        List<String> changedPaths, int rulesVersion) {
    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> -f.severity().rank())
            .thenComparing(Finding::path).thenComparingInt(Finding::line).thenComparing(Finding::rule);

    public RiskReport {
        findings = findings.stream().sorted(ORDER).toList();
        changedPaths = List.copyOf(changedPaths);
    }

    /** How many findings have this severity. */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
