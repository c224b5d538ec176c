package io.jenkins.plugins.sbxagent;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Result;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The freestyle build step: an {@link SbxAgentStep} run in a freestyle job, with the same form. Not a
 * {@code SimpleBuildStep}, so that Pipeline lists only {@code sbxAgent}, which returns the decision.
 */
public final class SbxAgentBuilder extends Builder {
    private final SbxAgentStep step;

    @DataBoundConstructor
    public SbxAgentBuilder(SbxAgentStep step) {
        this.step = step == null ? new SbxAgentStep() : step;
    }

    public SbxAgentStep getStep() {
        return step;
    }

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener) throws InterruptedException, IOException {
        FilePath workspace = build.getWorkspace();
        if (workspace == null) {
            throw new AbortException("sbxAgent: the build has no workspace: its node is gone.");
        }
        EnvVars environment = build.getEnvironment(listener);
        SbxAgentRunner runner = new SbxAgentRunner(build, workspace, launcher, listener, environment, build.getBuiltOn());
        SbxAgentRunner.Outcome outcome = runner.run(step);
        if (outcome.report().verdict() == RunReport.Verdict.FAILURE) {
            throw new AbortException(outcome.message());
        }
        listener.getLogger().println(outcome.message());
        if (outcome.report().verdict() == RunReport.Verdict.UNSTABLE) {
            build.setResult(Result.UNSTABLE);
        }
        return true;
    }

    @Extension
    @Symbol("sbxAgentBuild")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Run a coding agent in a sandbox (sbx-agent)";
        }
    }
}
