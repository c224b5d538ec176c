package io.jenkins.plugins.sbxagent;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.checks.api.ChecksAnnotation;
import io.jenkins.plugins.checks.api.ChecksConclusion;
import io.jenkins.plugins.checks.api.ChecksDetails;
import io.jenkins.plugins.checks.api.ChecksOutput;
import io.jenkins.plugins.checks.api.ChecksPublisherFactory;
import io.jenkins.plugins.checks.api.ChecksStatus;
import io.jenkins.plugins.sbxagent.agent.RunSummary;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.util.ArrayList;
import java.util.List;

/** The checks-api side of {@link SbxChecks}; only loaded when that plugin is installed. */
final class SbxChecksPublisher {
    /** GitHub accepts at most 50 annotations per call; the artifacts hold them all. */
    private static final int ANNOTATIONS = 50;

    private SbxChecksPublisher() {
    }

    static void publish(Run<?, ?> run, TaskListener listener, SbxAgentAction action) {
        List<ChecksAnnotation> annotations = new ArrayList<>();
        for (RunSummary.FindingLine finding : action.getFindings()) {
            if (annotations.size() == ANNOTATIONS || finding.getPath().isEmpty() || finding.getPath().equals("agent.log")) {
                continue;
            }
            ChecksAnnotation.ChecksAnnotationBuilder annotation = new ChecksAnnotation.ChecksAnnotationBuilder()
                    .withPath(finding.getPath())
                    .withLine(Math.max(1, finding.getLine()))
                    .withAnnotationLevel(level(finding.getSeverity()))
                    .withTitle(finding.getRule() + " (" + finding.getSeverity() + ")")
                    .withMessage(finding.getMessage() + (finding.getEvidence().isEmpty() ? "" : ": " + finding.getEvidence()));
            annotations.add(annotation.build());
        }
        String decision = action.getDecision() == null ? action.getOutcome() : action.getDecision();
        ChecksOutput output = new ChecksOutput.ChecksOutputBuilder()
                .withTitle("sbx-agent: " + decision + ", risk " + action.getLevel())
                .withSummary(action.getCritical() + " critical, " + action.getHigh() + " high, " + action.getMedium() + " medium, "
                        + action.getLow() + " low findings; " + action.getChangeCount() + " changes.\n\n" + String.join("\n", action.getGateMessages()))
                .withAnnotations(annotations)
                .build();
        ChecksDetails details = new ChecksDetails.ChecksDetailsBuilder()
                .withName("sbx-agent")
                .withStatus(ChecksStatus.COMPLETED)
                .withConclusion(conclusion(decision))
                .withOutput(output)
                .build();
        ChecksPublisherFactory.fromRun(run, listener).publish(details);
    }

    private static ChecksConclusion conclusion(String decision) {
        return switch (decision) {
            case "pass", "unstable" -> ChecksConclusion.SUCCESS;
            case "review" -> ChecksConclusion.ACTION_REQUIRED;
            default -> ChecksConclusion.FAILURE;
        };
    }

    private static io.jenkins.plugins.checks.api.ChecksAnnotation.ChecksAnnotationLevel level(String severity) {
        return switch (severity) {
            case "critical", "high" -> io.jenkins.plugins.checks.api.ChecksAnnotation.ChecksAnnotationLevel.FAILURE;
            case "medium" -> io.jenkins.plugins.checks.api.ChecksAnnotation.ChecksAnnotationLevel.WARNING;
            default -> io.jenkins.plugins.checks.api.ChecksAnnotation.ChecksAnnotationLevel.NOTICE;
        };
    }
}
