package io.jenkins.plugins.sbxagent.engine.gate;

import io.jenkins.plugins.sbxagent.engine.text.Plural;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.Glob;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, as a pure function of a policy and a report: each active policy rule gives one item with
 * what it saw and what it allows, and the worst decision wins.
 */
public final class GateEvaluator {
    private GateEvaluator() {
    }

    public static GateResult evaluate(Policy policy, RiskReport report) {
        List<GateItem> items = new ArrayList<>();
        severityRule(items, "failOn", policy.failOn(), Decision.FAIL, report);
        severityRule(items, "reviewOn", policy.reviewOn(), Decision.REVIEW, report);
        severityRule(items, "unstableOn", policy.unstableOn(), Decision.UNSTABLE, report);
        if (!policy.protectedPaths().isEmpty()) {
            List<Glob> globs = policy.protectedGlobs();
            List<String> touched = report.changedPaths().stream().filter(p -> Glob.any(globs, p)).toList();
            items.add(new GateItem("protectedPaths", touched.isEmpty() ? Decision.PASS : Decision.FAIL, summary(touched),
                    String.join(", ", policy.protectedPaths()),
                    touched.isEmpty() ? "no protected path was touched" : Plural.of(touched.size(), "protected path", "protected paths") + " changed: " + summary(touched)));
        }
        if (!policy.allowedPaths().isEmpty()) {
            List<Glob> globs = policy.allowedGlobs();
            List<String> outside = report.changedPaths().stream().filter(p -> !Glob.any(globs, p) && !isParentOfAllowed(p, globs)).toList();
            items.add(new GateItem("allowedPaths", outside.isEmpty() ? Decision.PASS : Decision.REVIEW, summary(outside),
                    String.join(", ", policy.allowedPaths()),
                    outside.isEmpty() ? "every change lies in the allowed paths" : Plural.of(outside.size(), "change", "changes") + " outside the allowed paths: "
                            + summary(outside)));
        }
        if (policy.maxChangedFiles() > 0) {
            boolean over = report.changedFiles() > policy.maxChangedFiles();
            items.add(new GateItem("maxChangedFiles", over ? Decision.REVIEW : Decision.PASS, Integer.toString(report.changedFiles()),
                    Integer.toString(policy.maxChangedFiles()), Plural.of(report.changedFiles(), "changed entry", "changed entries") + ", cap " + policy.maxChangedFiles()));
        }
        if (policy.maxChangedLines() > 0) {
            long lines = report.addedLines() + report.removedLines();
            boolean over = lines > policy.maxChangedLines();
            items.add(new GateItem("maxChangedLines", over ? Decision.REVIEW : Decision.PASS, Long.toString(lines),
                    Long.toString(policy.maxChangedLines()), Plural.of(lines, "changed line", "changed lines") + ", cap " + policy.maxChangedLines()));
        }
        Decision decision = items.stream().map(GateItem::decision).reduce(Decision.PASS, Decision::worse);
        return new GateResult(decision, items, !items.isEmpty());
    }

    private static void severityRule(List<GateItem> items, String name, Severity threshold, Decision decision, RiskReport report) {
        if (threshold == Severity.NONE) {
            return;
        }
        long hits = report.findings().stream().map(Finding::severity).filter(s -> s.isAtLeast(threshold)).count();
        items.add(new GateItem(name, hits > 0 ? decision : Decision.PASS, Long.toString(hits), threshold.id(),
                Plural.of(hits, "finding", "findings") + " at " + threshold.id() + " or above"));
    }

    /** Folders on the way to an allowed path are no change outside it (e.g. 'src' for 'src/**' or '/src/**'). */
    private static boolean isParentOfAllowed(String path, List<Glob> globs) {
        String inside = path + "/\u0000";
        return globs.stream().anyMatch(g -> g.matches(inside) || g.toString().replaceFirst("^/", "").startsWith(path + "/"));
    }

    private static String summary(List<String> paths) {
        return paths.size() <= 5 ? String.join(", ", paths) : String.join(", ", paths.subList(0, 5)) + " and " + (paths.size() - 5) + " more";
    }
}
