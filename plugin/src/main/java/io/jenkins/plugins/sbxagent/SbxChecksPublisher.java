package io.jenkins.plugins.sbxagent;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.checks.api.ChecksAnnotation;
import io.jenkins.plugins.checks.api.ChecksConclusion;
import io.jenkins.plugins.checks.api.ChecksDetails;
import io.jenkins.plugins.checks.api.ChecksOutput;
import io.jenkins.plugins.checks.api.ChecksPublisherFactory;
import io.jenkins.plugins.checks.api.ChecksStatus;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The checks-api side of {@link SbxChecks}; only loaded when that plugin is installed. */
final class SbxChecksPublisher {
    /** GitHub accepts at most 50 annotations per call; the artifacts hold them all. */
    private static final int ANNOTATIONS = 50;

    private SbxChecksPublisher() {
    }

    static void publish(Run<?, ?> run, TaskListener listener, SbxAgentAction action) {
        RunReport report = action.getReport();
        List<ChecksAnnotation> annotations = new ArrayList<>();
        for (RunReport.FindingLine finding : report.getFindings()) {
            if (annotations.size() == ANNOTATIONS || finding.getPath().isEmpty() || finding.getPath().equals("agent.log")) {
                continue;
            }
            ChecksAnnotation.ChecksAnnotationBuilder annotation = new ChecksAnnotation.ChecksAnnotationBuilder()
                    .withPath(finding.getPath())
                    .withLine(Math.max(1, finding.getLine()))
                    .withAnnotationLevel(ChecksAnnotation.ChecksAnnotationLevel.valueOf(finding.getAnnotationLevel().toUpperCase(Locale.ROOT)))
                    .withTitle(finding.getRule() + " (" + finding.getSeverity() + ")")
                    .withMessage(finding.getMessage() + (finding.getEvidence().isEmpty() ? "" : ": " + finding.getEvidence()));
            annotations.add(annotation.build());
        }
        ChecksOutput output = new ChecksOutput.ChecksOutputBuilder()
                .withTitle("sbx-agent: " + report.getDecisionText())
                .withSummary("Risk " + report.getLevel() + ": " + report.getCritical() + " critical, " + report.getHigh() + " high, "
                        + report.getMedium() + " medium, " + report.getLow() + " low; " + report.getChangeText() + "; " + report.getAgentText()
                        + ".\n\n" + String.join("\n", report.getGateSentences()))
                .withAnnotations(annotations)
                .build();
        ChecksDetails details = new ChecksDetails.ChecksDetailsBuilder()
                .withName("sbx-agent")
                .withStatus(ChecksStatus.COMPLETED)
                .withConclusion(ChecksConclusion.valueOf(report.getCheckConclusion().toUpperCase(Locale.ROOT)))
                .withOutput(output)
                .build();
        ChecksPublisherFactory.fromRun(run, listener).publish(details);
    }
}
