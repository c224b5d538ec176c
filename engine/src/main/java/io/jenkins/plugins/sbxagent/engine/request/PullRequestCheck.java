package io.jenkins.plugins.sbxagent.engine.request;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's decision as a pull-request check, in the words of GitHub's checks (which the Jenkins checks
 * API takes): a conclusion, a title, a summary, and the findings as annotations on the changed lines.
 *
 * @param conclusion  success (pass, unstable), action_required (review) or failure (fail, or a run that did not succeed)
 * @param title       the decision in a reviewer's words
 * @param summary     the counts, how the agent ended, and why the gate decided
 * @param annotations at most {@link #MOST_ANNOTATIONS}, the most severe first; findings without a changed file are left out
 */
public record PullRequestCheck(String conclusion, String title, String summary, List<Annotation> annotations) {
    /** GitHub takes at most 50 annotations per call; the artifacts hold them all. */
    public static final int MOST_ANNOTATIONS = 50;

    /**
     * One finding on its line.
     *
     * @param level failure (critical, high), warning (medium) or notice (low)
     * @param line  1 where the finding names no line (a check must name one)
     */
    public record Annotation(String path, int line, String level, String title, String message) {
    }

    public PullRequestCheck {
        annotations = List.copyOf(annotations);
    }

    public static PullRequestCheck of(RunReport report) {
        List<Annotation> annotations = new ArrayList<>();
        for (RunReport.FindingLine finding : report.getFindings()) {
            // a finding in the agent's log or about the change as a whole has no line of a changed file to sit on
            if (annotations.size() < MOST_ANNOTATIONS && !finding.getPath().isEmpty() && !finding.getPath().equals("agent.log")) {
                annotations.add(new Annotation(finding.getPath(), Math.max(1, finding.getLine()), annotationLevel(finding.getSeverity()),
                        finding.getRule() + " (" + finding.getSeverity() + ")",
                        finding.getMessage() + (finding.getEvidence().isEmpty() ? "" : ": " + finding.getEvidence())));
            }
        }
        String summary = "Risk " + report.getLevel() + ": " + report.getCritical() + " critical, " + report.getHigh() + " high, "
                + report.getMedium() + " medium, " + report.getLow() + " low; " + report.getChangeText() + "; agent "
                + report.getAgentText() + ".\n\n" + String.join("\n", report.getGateSentences());
        return new PullRequestCheck(conclusion(report), "sbx-agent: " + report.getDecisionText(), summary, annotations);
    }

    private static String conclusion(RunReport report) {
        return switch (report.verdict() == RunReport.Verdict.FAILURE ? "fail" : report.getDecision()) {
            case "pass", "unstable" -> "success";
            case "review" -> "action_required";
            default -> "failure";
        };
    }

    private static String annotationLevel(String severity) {
        return switch (severity) {
            case "critical", "high" -> "failure";
            case "medium" -> "warning";
            default -> "notice";
        };
    }
}
