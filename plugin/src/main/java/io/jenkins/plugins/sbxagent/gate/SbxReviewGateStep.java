package io.jenkins.plugins.sbxagent.gate;

import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code sbxReviewGate(...)}: acts on the decision of an {@code sbxAgent} run. {@code pass} and
 * {@code unstable} go on; {@code fail} fails; {@code review} waits until a user allowed by
 * {@code submitter} approves (the build goes on, and the approver is recorded on the build page) or
 * rejects (the build fails), e.g.
 * <pre>
 * def r = sbxAgent(image: '...', command: [...])
 * sbxReviewGate(result: r, submitter: 'security-team', message: 'The agent changed build files')
 * </pre>
 */
public final class SbxReviewGateStep extends Step {
    private Map<String, Object> result;
    private String submitter;
    private String message;

    @DataBoundConstructor
    public SbxReviewGateStep() {
    }

    public Map<String, Object> getResult() {
        return result;
    }

    /** The map {@code sbxAgent} returned; without it, the build's last sbx-agent run. */
    @DataBoundSetter
    public void setResult(Map<String, Object> result) {
        this.result = result;
    }

    public String getSubmitter() {
        return submitter;
    }

    /** Comma-separated user ids or group names that may approve; empty: anyone who may cancel the build. */
    @DataBoundSetter
    public void setSubmitter(String submitter) {
        this.submitter = Util.fixEmptyAndTrim(submitter);
    }

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixEmptyAndTrim(message);
    }

    @Override
    public StepExecution start(StepContext context) {
        Object index = result == null ? null : result.get("index");
        return new SbxReviewGateStepExecution(context, index instanceof Number number ? number.intValue() : 0, submitter,
                message == null ? "The agent's changes need a review" : message);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "sbxReviewGate";
        }

        @Override
        public String getDisplayName() {
            return "Wait for a person to approve sbx-agent changes that need review";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
