package io.jenkins.plugins.sbxagent.gate;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.sbxagent.engine.request.ReviewRequest;
import io.jenkins.plugins.sbxagent.model.RunBoundAction;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The build's pending sbx-agent reviews, answered on its page with Approve or Reject. Only users named
 * in the request's submitter list (or in one of its groups) may answer; without a list, those who may
 * cancel the build.
 */
public final class SbxApprovalAction extends RunBoundAction {
    private final List<ReviewRequest> pending = new ArrayList<>();

    @Override
    public String getIconFileName() {
        return pending.isEmpty() ? null : "symbol-help-circle-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Review sbx-agent changes";
    }

    @Override
    public String getUrlName() {
        return "sbx-agent-review";
    }

    public synchronized List<ReviewRequest> getPending() {
        return new ArrayList<>(pending);
    }

    synchronized void request(ReviewRequest request) throws IOException {
        pending.add(request);
        getRun().save();
    }

    /** Removes a pending request; false when it was no longer pending (answered by someone else meanwhile). */
    synchronized boolean withdraw(String id) throws IOException {
        boolean removed = pending.removeIf(r -> r.getId().equals(id));
        if (removed) {
            getRun().save();
        }
        return removed;
    }

    /** The sbx-agent run a request is about, or null. */
    public SbxAgentAction agentRun(ReviewRequest request) {
        return getRun().getActions(SbxAgentAction.class).stream().filter(a -> a.getIndex() == request.getIndex()).findFirst().orElse(null);
    }

    /** Whether the current user may answer this request. */
    public boolean canAnswer(ReviewRequest request) {
        if (request.getSubmitter() == null) {
            return getRun().getParent().hasPermission(Item.CANCEL);
        }
        Authentication authentication = Jenkins.getAuthentication2();
        return request.names(authentication.getName(), authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    }

    @POST
    public HttpResponse doApprove(@QueryParameter String id) throws IOException, InterruptedException, ExecutionException {
        return answer(id, true);
    }

    @POST
    public HttpResponse doReject(@QueryParameter String id) throws IOException, InterruptedException, ExecutionException {
        return answer(id, false);
    }

    private HttpResponse answer(String id, boolean approve) throws IOException, InterruptedException, ExecutionException {
        getRun().getParent().checkPermission(Item.READ);
        ReviewRequest request = getPending().stream().filter(r -> r.getId().equals(id)).findFirst()
                .orElseThrow(() -> HttpResponses.errorWithoutStack(404, "No pending sbx-agent review with this id."));
        if (!canAnswer(request)) {
            throw HttpResponses.errorWithoutStack(403, "You are not allowed to answer this review"
                    + (request.getSubmitter() == null ? "." : "; allowed: " + request.getSubmitter() + "."));
        }
        String user = currentUser();
        SbxAgentAction agent = agentRun(request);
        if (!withdraw(id)) {
            throw HttpResponses.errorWithoutStack(404, "This sbx-agent review was answered meanwhile.");
        }
        StepExecution.acceptAll(SbxReviewGateStepExecution.class, execution -> {
            if (execution.getId().equals(id)) {
                execution.answer(user, approve, agent);
            }
        }).get();
        // an approval goes to the run's page, which now says who approved it
        return HttpResponses.redirectTo(approve ? "../" + SbxAgentAction.urlName(request.getIndex()) + "/" : "../");
    }

    private static String currentUser() {
        User user = User.current();
        return user == null ? Jenkins.getAuthentication2().getName() : user.getId();
    }
}
