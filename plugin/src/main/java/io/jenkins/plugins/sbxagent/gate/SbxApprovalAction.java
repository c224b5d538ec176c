package io.jenkins.plugins.sbxagent.gate;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
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
public final class SbxApprovalAction implements RunAction2 {
    /** One pending review. A plain class, not a record: it is kept in the build's XML, and the view reads it. */
    public static final class Request implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String id;
        private final int index;
        private final String submitter;
        private final String message;

        public Request(String id, int index, String submitter, String message) {
            this.id = id;
            this.index = index;
            this.submitter = submitter;
            this.message = message;
        }

        public String getId() {
            return id;
        }

        public int getIndex() {
            return index;
        }

        /** Comma-separated users and groups that may answer, or null for those who may cancel the build. */
        public String getSubmitter() {
            return submitter;
        }

        public String getMessage() {
            return message;
        }

        /** The URL name of the sbx-agent run this request is about, as {@code SbxAgentAction} names it. */
        public String getAgentUrlName() {
            return index > 1 ? "sbx-agent-" + index : "sbx-agent";
        }
    }

    private final List<Request> pending = new ArrayList<>();
    private transient Run<?, ?> run;

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

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public synchronized List<Request> getPending() {
        return new ArrayList<>(pending);
    }

    synchronized void request(Request request) throws IOException {
        pending.add(request);
        run.save();
    }

    synchronized void withdraw(String id) throws IOException {
        if (pending.removeIf(r -> r.getId().equals(id))) {
            run.save();
        }
    }

    /** Whether the current user may answer this request. */
    public boolean canAnswer(Request request) {
        if (request.getSubmitter() == null) {
            return run.getParent().hasPermission(Item.CANCEL);
        }
        Authentication authentication = Jenkins.getAuthentication2();
        Set<String> allowed = Arrays.stream(request.getSubmitter().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (allowed.contains(authentication.getName())) {
            return true;
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (allowed.contains(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    @POST
    public HttpResponse doApprove(@QueryParameter String id) throws Exception {
        Request request = answerable(id);
        SbxAgentAction agent = run.getActions(SbxAgentAction.class).stream().filter(a -> a.getIndex() == request.getIndex()).findFirst()
                .orElse(null);
        String user = currentUser();
        complete(id, execution -> {
            try {
                execution.approved(user, agent);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return HttpResponses.redirectTo("../");
    }

    @POST
    public HttpResponse doReject(@QueryParameter String id) throws Exception {
        answerable(id);
        String user = currentUser();
        complete(id, execution -> {
            try {
                execution.rejected(user);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return HttpResponses.redirectTo("../");
    }

    private Request answerable(String id) {
        run.getParent().checkPermission(Item.READ);
        Request request = getPending().stream().filter(r -> r.getId().equals(id)).findFirst()
                .orElseThrow(() -> HttpResponses.errorWithoutStack(404, "No pending sbx-agent review with this id."));
        if (!canAnswer(request)) {
            throw HttpResponses.errorWithoutStack(403, "You are not allowed to answer this review"
                    + (request.getSubmitter() == null ? "." : "; allowed: " + request.getSubmitter() + "."));
        }
        return request;
    }

    private void complete(String id, java.util.function.Consumer<SbxReviewGateStepExecution> answer)
            throws IOException, InterruptedException, ExecutionException {
        withdraw(id);
        StepExecution.acceptAll(SbxReviewGateStepExecution.class, execution -> {
            if (execution.getId().equals(id)) {
                answer.accept(execution);
            }
        }).get();
    }

    private static String currentUser() {
        User user = User.current();
        return user == null ? Jenkins.getAuthentication2().getName() : user.getId();
    }
}
