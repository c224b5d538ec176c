package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.RunOutcome;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.text.Plural;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a host shows of a finished run: small, masked values, made on the node from the run's result.
 * The full results are the output files. A plain class with getters, not a record: a host keeps it
 * in its records (Jenkins: the build's XML) and its pages read it through getters.
 */
public final class RunReport implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Findings kept for a host's page; the output files hold them all. */
    public static final int SHOWN = 200;

    /** How a host's build should end for this run. */
    public enum Verdict {
        SUCCESS, UNSTABLE, FAILURE
    }

    private final String outcome;
    private final int agentExit;
    private final String decision;
    private final String level;
    private final int[] counts;
    private final List<FindingLine> findings;
    private final int changeCount;
    private final boolean applied;
    private final String error;
    private final List<String> gateSentences;
    private final List<String> files;
    private final List<String> patches;
    /** A known agent's own id of its session, or null. */
    private String sessionId;
    /** The agent's final answer that met the run's schema, as plain values (maps, lists, texts, numbers), or null. */
    private Object answer;
    /** The branch the changes were delivered as, and its commit; null when none was. */
    private String branch;
    private String commit;
    /** Whether the branch is made only once a person approves (the gate decided review). */
    private boolean branchAwaitsReview;

    RunReport(String outcome, int agentExit, String decision, String level, int[] counts, List<FindingLine> findings, int changeCount,
            boolean applied, String error, List<String> gateSentences, List<String> files, List<String> patches) {
        this.outcome = outcome;
        this.agentExit = agentExit;
        this.decision = decision;
        this.level = level;
        this.counts = counts.clone();
        this.findings = new ArrayList<>(findings);
        this.changeCount = changeCount;
        this.applied = applied;
        this.error = error;
        this.gateSentences = new ArrayList<>(gateSentences);
        this.files = new ArrayList<>(files);
        this.patches = new ArrayList<>(patches);
    }

    /** The report of a finished run; lists the regular files of its outputs folder (never a link). */
    public static RunReport of(RunResult result) throws IOException {
        int[] counts = new int[4];
        List<FindingLine> findings = new ArrayList<>();
        String level = Severity.NONE.id();
        if (result.risk() != null) {
            List<Severity> order = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
            for (int i = 0; i < order.size(); i++) {
                counts[i] = (int) result.risk().count(order.get(i));
            }
            for (Finding finding : result.risk().findings().subList(0, Math.min(SHOWN, result.risk().findings().size()))) {
                findings.add(new FindingLine(finding.rule(), finding.severity().id(), finding.path(), finding.line(), finding.message(),
                        finding.evidence()));
            }
            level = result.risk().level().id();
        }
        List<String> files = new ArrayList<>();
        List<String> patches = new ArrayList<>();
        try (var entries = Files.list(result.outputs())) {
            for (Path file : entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String name = file.getFileName().toString();
                files.add(name);
                if ((name.equals(RunOutputs.DIFF) || name.equals(RunOutputs.GIT_INTERNAL_DIFF)) && Files.size(file) > 0) {
                    patches.add(name);
                }
            }
        }
        RunReport report = new RunReport(result.outcome().id(), result.agentExit(), result.gate() == null ? null : result.gate().decision().id(),
                level, counts, findings, Change.count(result.changes()), result.applied(), result.error(),
                result.gate() == null ? List.of() : result.gate().sentences(), files, patches);
        report.sessionId = result.sessionId().orElse(null);
        report.answer = result.answer() == null ? null : plain(result.answer());
        if (result.delivered() != null) {
            report.branch = result.delivered().branch();
            report.commit = result.delivered().commit();
            report.branchAwaitsReview = result.delivered().awaitingReview();
        }
        return report;
    }

    /** A JSON value as the plain, serializable values a Pipeline reads: maps, lists, texts, numbers, booleans and null. */
    static Object plain(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node.asText();
    }

    /** How the host's build ends: a failed run or a failed gate fails it, review and unstable mark it unstable. */
    public Verdict verdict() {
        if (!RunOutcome.SUCCEEDED.id().equals(outcome) || decision == null) {
            return Verdict.FAILURE;
        }
        return switch (decision) {
            case "fail" -> Verdict.FAILURE;
            case "unstable", "review" -> Verdict.UNSTABLE;
            default -> Verdict.SUCCESS;
        };
    }

    /** One line for the build log, naming where the risk summary is. */
    public String message(String artifactFolder) {
        String summary = "risk " + level + ", " + Plural.of(getFindingCount(), "finding", "findings") + ", "
                + Plural.of(changeCount, "changed entry", "changed entries") + ": decision " + (decision == null ? "none" : decision)
                + " (see " + artifactFolder + "/risk-summary.md)";
        if (!outcome.equals(RunOutcome.SUCCEEDED.id())) {
            return ending() + "; " + summary;
        }
        return switch (decision == null ? "" : decision) {
            case "fail" -> "the gate failed the change: " + summary;
            case "unstable" -> "the gate marks the build unstable: " + summary;
            case "review" -> "the change needs a person's review (sbxReviewGate): " + summary;
            default -> summary;
        };
    }

    /** The values a Pipeline branches on: what the step returns. */
    public Map<String, Object> values(String artifactFolder, int index) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("outcome", outcome);
        values.put("exitCode", agentExit);
        values.put("decision", decision);
        values.put("level", level);
        values.put("findings", getFindingCount());
        values.put("critical", counts[0]);
        values.put("high", counts[1]);
        values.put("medium", counts[2]);
        values.put("low", counts[3]);
        values.put("changes", changeCount);
        values.put("applied", applied);
        values.put("artifacts", artifactFolder);
        values.put("index", index);
        values.put("sessionId", sessionId);
        values.put("answer", answer);
        values.put("branch", branch);
        values.put("commit", commit);
        values.put("branchAwaitsReview", branchAwaitsReview);
        return values;
    }

    /** How the agent ended, after "Agent: " on a page: "finished (exit 0)", "failed (exit 3)", ... apart from the gate's decision. */
    public String getAgentText() {
        return switch (ended()) {
            case SUCCEEDED -> "finished (exit 0)";
            case AGENT_FAILED -> "failed (exit " + agentExit + ")";
            case TIMED_OUT -> "ran past its timeout and was stopped";
            case INTERRUPTED -> "aborted with the run";
            // an agent that exited before the run failed: applying or delivering its changes did not finish
            case SANDBOX_ERROR -> agentExit >= 0 ? "exited " + agentExit + ", and the run failed after it: " + error
                    : "never ran to its end: the sandbox failed: " + error;
        };
    }

    /** The outcome read back; one this version does not know (a record is not trusted) counts as the sandbox's failure. */
    private RunOutcome ended() {
        return java.util.Arrays.stream(RunOutcome.values()).filter(o -> o.id().equals(outcome)).findFirst().orElse(RunOutcome.SANDBOX_ERROR);
    }

    /** How the run ended, as a sentence for the build log. */
    private String ending() {
        return switch (ended()) {
            case INTERRUPTED -> "the run was aborted";
            case SANDBOX_ERROR -> (agentExit >= 0 ? "the run failed after the agent: " : "the sandbox failed: ") + error;
            default -> "the agent " + getAgentText();
        };
    }

    /** The decision in a reviewer's words, e.g. "Review: a person must review the change before it is merged". */
    public String getDecisionText() {
        if (decision == null) {
            return "No decision: the run ended before the gate";
        }
        // a record read back from a build's XML is not trusted to hold a known decision
        String meaning = java.util.Arrays.stream(Decision.values()).filter(d -> d.id().equals(decision)).findFirst().map(Decision::meaning)
                .orElse("not a decision this version knows");
        return decision.isEmpty() ? meaning : Character.toUpperCase(decision.charAt(0)) + decision.substring(1) + ": " + meaning;
    }

    /**
     * The run's icon, an ionicons name (Jenkins ships the set; a page of one's own can too): a distinct one
     * per decision, so that a failed run never looks like a passed one at a glance.
     */
    public String getIcon() {
        return switch (decision == null ? "" : decision) {
            case "pass" -> "checkmark-circle-outline";
            case "unstable" -> "warning-outline";
            case "review" -> "eye-outline";
            default -> "close-circle-outline";
        };
    }

    /** How a page colours the run: success (pass), warning (unstable, review) or error (fail, or no decision). */
    public String getTone() {
        return switch (decision == null ? "" : decision) {
            case "pass" -> "success";
            case "unstable", "review" -> "warning";
            default -> "error";
        };
    }

    public String getOutcome() {
        return outcome;
    }

    public int getAgentExit() {
        return agentExit;
    }

    /** pass, unstable, review or fail; null when the run did not get that far. */
    public String getDecision() {
        return decision;
    }

    public String getLevel() {
        return level;
    }

    public int getCritical() {
        return counts[0];
    }

    public int getHigh() {
        return counts[1];
    }

    public int getMedium() {
        return counts[2];
    }

    public int getLow() {
        return counts[3];
    }

    public int getFindingCount() {
        return counts[0] + counts[1] + counts[2] + counts[3];
    }

    /** The most severe findings, at most {@link #SHOWN}. */
    public List<FindingLine> getFindings() {
        return findings;
    }

    /** The findings of one severity, for a page's table. */
    public List<FindingLine> findingsOf(String severity) {
        return findings.stream().filter(f -> f.getSeverity().equals(severity)).toList();
    }

    /** Changed entries, counted as everywhere else ({@link Change#count}). */
    public int getChangeCount() {
        return changeCount;
    }

    /** "1 changed entry", "3 changed entries". */
    public String getChangeText() {
        return Plural.of(changeCount, "changed entry", "changed entries");
    }

    /** "1 finding", "3 findings". */
    public String getFindingText() {
        return Plural.of(getFindingCount(), "finding", "findings");
    }

    /** A known agent's own id of its session, or null. */
    public String getSessionId() {
        return sessionId;
    }

    /** The branch the changes were delivered as, or null. */
    public String getBranch() {
        return branch;
    }

    /** The delivered branch's commit, or null. */
    public String getCommit() {
        return commit;
    }

    /** Whether {@link #getBranch()} is made only once a person approves: its commit awaits review. */
    public boolean isBranchAwaitsReview() {
        return branchAwaitsReview;
    }

    public boolean isApplied() {
        return applied;
    }

    public String getError() {
        return error;
    }

    /** One sentence per policy rule, in a reviewer's words. */
    public List<String> getGateSentences() {
        return gateSentences;
    }

    /** The output files, by name. */
    public List<String> getFiles() {
        return files;
    }

    /** The patches that hold the change and are not empty: diff.patch, git-internal.patch (.git: hooks, config). */
    public List<String> getPatches() {
        return patches;
    }

    /** One finding, as a host's page shows it. A plain class for the same reason as the report. */
    public static final class FindingLine implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String rule;
        private final String severity;
        private final String path;
        private final int line;
        private final String message;
        private final String evidence;

        public FindingLine(String rule, String severity, String path, int line, String message, String evidence) {
            this.rule = rule;
            this.severity = severity;
            this.path = path;
            this.line = line;
            this.message = message;
            this.evidence = evidence;
        }

        public String getRule() {
            return rule;
        }

        public String getSeverity() {
            return severity;
        }

        public String getPath() {
            return path;
        }

        public int getLine() {
            return line;
        }

        public String getMessage() {
            return message;
        }

        public String getEvidence() {
            return evidence;
        }

        /** The path with its line, as people read it. */
        public String getLocation() {
            return line > 0 ? path + ":" + line : path;
        }
    }
}
