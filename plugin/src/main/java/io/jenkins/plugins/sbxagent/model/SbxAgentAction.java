package io.jenkins.plugins.sbxagent.model;

import hudson.FilePath;
import hudson.model.Node;
import hudson.model.Run;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.engine.request.WaitingBranch;
import io.jenkins.plugins.sbxagent.engine.review.ReviewPage;
import io.jenkins.plugins.sbxagent.gate.SbxApprovalAction;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jenkins.model.Jenkins;
import jenkins.util.VirtualFile;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * One sbx-agent run of a build: its decision, risk level and findings, on the build page and on a
 * page of its own. Everything the agent wrote is shown escaped (the views use
 * {@code escape-by-default}). Kept small: the full results are the archived artifacts.
 */
public final class SbxAgentAction extends RunBoundAction {
    private final int index;
    private final RunReport report;
    private final String artifactFolder;
    private String approvedBy;
    /**
     * The branch whose commit awaits the review, until it is answered: its name (then null), commit and push remote, as
     * plain texts (Jenkins reads no record back from a build's XML).
     */
    private volatile String waitingBranch;
    private volatile String waitingCommit;
    private volatile String waitingPushRemote;
    /** The id of the push account to bind again when the waiting branch is made, or null. */
    private volatile String pushCredentialsId;
    /** Where the waiting branch's repository is: the node's name (empty for the built-in node) and the workspace's path. */
    private volatile String waitingNode;
    private volatile String waitingWorkspace;
    /** Whether the branch that waited for the review was made. */
    private volatile boolean branchMade;

    public SbxAgentAction(int index, RunReport report, String artifactFolder) {
        this.index = index;
        this.report = report;
        this.artifactFolder = artifactFolder;
    }

    @Override
    public String getIconFileName() {
        return "symbol-" + report.getIcon() + " plugin-ionicons-api";
    }

    /** The colour of the icon and the decision: one of Jenkins' own semantic colours. */
    public String getColorClass() {
        return "jenkins-!-" + report.getTone() + "-color";
    }

    @Override
    public String getDisplayName() {
        return numbered("sbx-agent", " #", index) + ": " + (report.getDecision() == null ? report.getOutcome() : report.getDecision());
    }

    @Override
    public String getUrlName() {
        return urlName(index);
    }

    /** The URL name of run {@code index} of a build. */
    public static String urlName(int index) {
        return numbered("sbx-agent", "-", index);
    }

    public int getIndex() {
        return index;
    }

    public RunReport getReport() {
        return report;
    }

    /** Where this run's outputs are archived, relative to the build's artifacts: {@code sbx-agent/RUN_ID}. */
    public String getArtifactFolder() {
        return artifactFolder;
    }

    /** The link to one archived output, relative to the build. */
    public String artifactUrl(String name) {
        return "artifact/" + artifactFolder + "/" + name;
    }

    /** Whether the current user may read this run's review page: it holds what the artifacts hold. */
    public boolean isReviewPageReadable() {
        return getRun() != null && getRun().hasPermission(Run.ARTIFACTS);
    }

    /** Whether this run archived its review page (a run from before there was one did not). */
    public boolean isReviewPageArchived() {
        try {
            VirtualFile page = reviewPage();
            return page != null && page.isFile();
        } catch (IOException e) {
            return false;
        }
    }

    private VirtualFile reviewPage() {
        return getRun() == null ? null : getRun().getArtifactManager().root().child(artifactFolder).child(RunOutputs.REVIEW);
    }

    /**
     * The run's archived {@code review.html}, served here rather than as an artifact: Jenkins serves artifacts under a
     * policy that drops the page's inline style. Sent under the page's own policy, sandboxed: nothing in it loads or runs.
     */
    @GET
    public void doReview(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        getRun().checkPermission(Run.ARTIFACTS);
        VirtualFile page = reviewPage();
        if (page == null || !page.isFile()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "This run archived no " + RunOutputs.REVIEW + ".");
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", ReviewPage.CONTENT_SECURITY_POLICY + "; sandbox");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = page.open(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    public String getApprovedBy() {
        return approvedBy;
    }

    /** The review this run waits for, or null: the build page says so and links to where it is answered. */
    public io.jenkins.plugins.sbxagent.engine.request.ReviewRequest getPendingReview() {
        SbxApprovalAction approvals = getRun() == null ? null : getRun().getAction(SbxApprovalAction.class);
        return approvals == null ? null : approvals.getPending().stream().filter(r -> r.getIndex() == index).findFirst().orElse(null);
    }

    /** The branch whose commit awaits the review, or null when none does (any more). */
    public WaitingBranch getWaitingBranch() {
        String branch = waitingBranch;
        return branch == null ? null : new WaitingBranch(branch, waitingCommit, waitingPushRemote);
    }

    /**
     * What became of the branch the run delivers, for the build page: made, waiting for the review, or not made; null
     * when the run delivers none.
     */
    public String getBranchText() {
        String branch = report.getBranch();
        if (branch == null) {
            return null;
        }
        if (!report.isBranchAwaitsReview()) {
            return "delivered as branch " + branch;
        }
        if (waitingBranch != null) {
            return "branch " + branch + " awaits the review";
        }
        return branchMade ? "delivered as branch " + branch + " after the review" : "branch " + branch + " not made";
    }

    public String getPushCredentialsId() {
        return pushCredentialsId;
    }

    /**
     * The workspace that holds the waiting branch's commit, reached without an executor: a review is answered while no
     * node block runs. Null when the node is gone or offline.
     */
    public FilePath waitingWorkspace() {
        Node node = waitingNode == null ? null : waitingNode.isEmpty() ? Jenkins.get() : Jenkins.get().getNode(waitingNode);
        return node == null || waitingWorkspace == null ? null : node.createPath(waitingWorkspace);
    }

    /**
     * Keeps the branch the run left waiting for the review, where its repository is, and the push account it is made
     * with; saved with the build.
     */
    public synchronized void awaitBranch(WaitingBranch branch, String credentialsId, String nodeName, String workspace) throws IOException {
        waitingBranch = branch.branch();
        waitingCommit = branch.commit();
        waitingPushRemote = branch.pushRemote();
        pushCredentialsId = credentialsId;
        waitingNode = nodeName;
        waitingWorkspace = workspace;
        if (getRun() != null) {
            getRun().save();
        }
    }

    /** The review answered the waiting branch: made, or not, it waits no more. */
    public synchronized void branchAnswered(boolean made) throws IOException {
        waitingBranch = null;
        branchMade = made;
        if (getRun() != null) {
            getRun().save();
        }
    }

    /** Records who approved a review decision; saved with the build. */
    public synchronized void recordApproval(String userId) throws IOException {
        approvedBy = userId;
        if (getRun() != null) {
            getRun().save();
        }
    }
}
