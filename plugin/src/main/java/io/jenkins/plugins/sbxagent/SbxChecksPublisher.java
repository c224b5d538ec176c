package io.jenkins.plugins.sbxagent;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.checks.api.ChecksAnnotation;
import io.jenkins.plugins.checks.api.ChecksConclusion;
import io.jenkins.plugins.checks.api.ChecksDetails;
import io.jenkins.plugins.checks.api.ChecksOutput;
import io.jenkins.plugins.checks.api.ChecksPublisherFactory;
import io.jenkins.plugins.checks.api.ChecksStatus;
import io.jenkins.plugins.sbxagent.engine.request.PullRequestCheck;
import java.util.List;
import java.util.Locale;

/** The checks-api side of {@link SbxChecks}; only loaded when that plugin is installed. */
final class SbxChecksPublisher {
    private SbxChecksPublisher() {
    }

    static void publish(Run<?, ?> run, TaskListener listener, PullRequestCheck check) {
        List<ChecksAnnotation> annotations = check.annotations().stream().map(a -> new ChecksAnnotation.ChecksAnnotationBuilder()
                .withPath(a.path()).withLine(a.line()).withTitle(a.title()).withMessage(a.message())
                .withAnnotationLevel(ChecksAnnotation.ChecksAnnotationLevel.valueOf(a.level().toUpperCase(Locale.ROOT))).build()).toList();
        ChecksDetails details = new ChecksDetails.ChecksDetailsBuilder()
                .withName("sbx-agent")
                .withStatus(ChecksStatus.COMPLETED)
                .withConclusion(ChecksConclusion.valueOf(check.conclusion().toUpperCase(Locale.ROOT)))
                .withOutput(new ChecksOutput.ChecksOutputBuilder().withTitle(check.title()).withSummary(check.summary())
                        .withAnnotations(annotations).build())
                .build();
        ChecksPublisherFactory.fromRun(run, listener).publish(details);
    }
}
