package io.jenkins.plugins.sbxagent;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Node;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs {@code sbxAgent} off the Pipeline's thread. An abort interrupts the run (the engine removes
 * the sandbox) and {@link #stop} removes it by its labels as well, since the container belongs to the
 * Docker daemon, not to the build's processes. Does not survive a controller restart: the sandbox is
 * then removed by the periodic sweep once it expires.
 */
final class SbxAgentStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final transient SbxAgentStep step;
    private volatile String runId;

    SbxAgentStepExecution(StepContext context, SbxAgentStep step) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        SbxAgentRunner runner = new SbxAgentRunner(run, context.get(FilePath.class), context.get(Launcher.class), listener,
                context.get(EnvVars.class), context.get(Node.class));
        runId = runner.runId();
        SbxAgentRunner.Outcome outcome = runner.run(step);
        switch (outcome.report().verdict()) {
            case FAILURE -> throw new AbortException(outcome.message());
            case UNSTABLE -> {
                listener.getLogger().println("WARNING: " + outcome.message());
                context.get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(outcome.message()));
                run.setResult(Result.UNSTABLE);
            }
            case SUCCESS -> listener.getLogger().println(outcome.message());
        }
        return outcome.values();
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        String id = runId;
        if (id != null) {
            StepContext context = getContext();
            FilePath workspace = context.get(FilePath.class);
            TaskListener listener = context.get(TaskListener.class);
            Node node = context.get(Node.class);
            EnvVars environment = context.get(EnvVars.class);
            // off the Pipeline's thread: removing the sandbox is a call to the node
            String toolName = step == null ? null : step.getToolName();
            jenkins.util.Timer.get().submit(() -> SbxAgentRunner.removeSandbox(workspace, listener, id, toolName, node, environment));
        }
        super.stop(cause);
    }
}
