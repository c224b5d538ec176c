package io.jenkins.plugins.sbxagent.gate;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.sbxagent.agent.AnswerOnAgent;
import io.jenkins.plugins.sbxagent.credentials.SbxGitPush;
import io.jenkins.plugins.sbxagent.engine.request.ReviewRequest;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.request.WaitingBranch;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.io.IOException;
import jenkins.util.Timer;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Waits for an approval without holding a thread: the request is kept on the build
 * ({@link SbxApprovalAction}) and answered from the build page, so the wait survives a restart.
 * A plain {@link StepExecution}: AbstractStepExecutionImpl is deprecated (Guice re-injection on
 * resume), and nothing here needs re-injecting; the default onResume just keeps waiting.
 */
public final class SbxReviewGateStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final String id = UUID.randomUUID().toString();
    private final int index;
    private final String submitter;
    private final String message;

    SbxReviewGateStepExecution(StepContext context, int index, String submitter, String message) {
        super(context);
        this.index = index;
        this.submitter = submitter;
        this.message = message;
    }

    public String getId() {
        return id;
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        SbxAgentAction agent = agentRun(run);
        String decision = agent.getReport().getDecision();
        switch (ReviewRequest.Next.after(decision)) {
            case GO_ON -> {
                listener.getLogger().println("[sbx-agent] decision " + decision + ": no review needed");
                getContext().onSuccess(decision);
                return true;
            }
            case WAIT -> {
                SbxApprovalAction approvals = run.getAction(SbxApprovalAction.class);
                if (approvals == null) {
                    approvals = new SbxApprovalAction();
                    run.addAction(approvals);
                }
                ReviewRequest request = new ReviewRequest(id, agent.getIndex(), submitter, message);
                approvals.request(request);
                listener.getLogger().print("[sbx-agent] decision review: " + request.waitingFor() + ": ");
                // from the context root: HyperlinkNote prefixes a leading '/' with Jenkins' URL, while a relative
                // link would resolve against the console page (job/x/1/console) and miss the build
                listener.hyperlink("/" + run.getUrl() + approvals.getUrlName() + "/", "Review sbx-agent changes");
                listener.getLogger().println();
                return false;
            }
            default -> {
                getContext().onFailure(new AbortException("sbxReviewGate: the sbx-agent run decided '" + decision + "'; nothing to review."));
                return true;
            }
        }
    }

    private SbxAgentAction agentRun(Run<?, ?> run) throws AbortException {
        List<SbxAgentAction> runs = run.getActions(SbxAgentAction.class);
        if (runs.isEmpty()) {
            throw new AbortException("sbxReviewGate: this build has no sbxAgent run to review; call sbxAgent first.");
        }
        if (index <= 0) {
            return runs.get(runs.size() - 1);
        }
        return runs.stream().filter(a -> a.getIndex() == index).findFirst()
                .orElseThrow(() -> new AbortException("sbxReviewGate: this build has no sbxAgent run #" + index + "."));
    }

    /**
     * Called from the build page once a permitted user answered: an approval goes on, a rejection fails. A branch the run
     * left waiting is made (and pushed) on approval, or its commit dropped on rejection, on the node that holds it: on a
     * thread of its own, since git may take a while and this one may be the Pipeline's.
     */
    void answer(String userId, boolean approve, SbxAgentAction agent) {
        if (agent != null && agent.getWaitingBranch() != null) {
            Timer.get().submit(() -> answerBranch(userId, approve, agent));
            return;
        }
        finish(userId, approve, agent);
    }

    private void finish(String userId, boolean approve, SbxAgentAction agent) {
        try {
            if (!approve) {
                getContext().onFailure(new AbortException("sbxReviewGate: the changes were rejected by " + userId + "."));
                return;
            }
            if (agent != null) {
                agent.recordApproval(userId);
            }
            getContext().get(TaskListener.class).getLogger().println("[sbx-agent] approved by " + userId);
            getContext().onSuccess("approved");
        } catch (IOException | InterruptedException e) {
            getContext().onFailure(e);
        }
    }

    private void answerBranch(String userId, boolean approve, SbxAgentAction agent) {
        WaitingBranch waiting = agent.getWaitingBranch();
        boolean made = false;
        try {
            FilePath workspace = agent.waitingWorkspace();
            if (workspace == null || workspace.getChannel() == null) {
                throw new AbortException("the node that ran sbxAgent is offline or gone");
            }
            RunSecrets secrets = new RunSecrets();
            if (approve && agent.getPushCredentialsId() != null) {
                new SbxGitPush(agent.getPushCredentialsId()).bind(getContext().get(Run.class), secrets);
            }
            FilePath temp = WorkspaceList.tempDir(workspace);
            workspace.act(new AnswerOnAgent(waiting, approve, userId, secrets.pushLogin(), (temp == null ? workspace : temp).getRemote(),
                    getContext().get(TaskListener.class)));
            made = approve;
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the commit still waits under its review ref, in that workspace, for the command-line tool
            getContext().onFailure(new AbortException("sbxReviewGate: branch " + waiting.branch() + " was " + (approve ? "not made" : "not withdrawn")
                    + ": " + e.getMessage() + ". Its commit " + waiting.commit() + " waits in the repository of the workspace that ran sbxAgent:"
                    + " answer there with sbx-agent deliver" + (approve ? "" : " --withdraw") + "."));
            recordAnswered(agent, false);
            return;
        }
        recordAnswered(agent, made);
        finish(userId, approve, agent);
    }

    private static void recordAnswered(SbxAgentAction agent, boolean made) {
        try {
            agent.branchAnswered(made);
        } catch (IOException e) {
            // the build's record says less; the repository holds the truth
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        SbxApprovalAction approvals = run.getAction(SbxApprovalAction.class);
        if (approvals != null) {
            approvals.withdraw(id);
        }
        super.stop(cause);
    }
}
