package io.jenkins.plugins.sbxagent.gate;

import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.createDockerAgent;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipeline;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipelineJob;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.sbxagent.SbxAgentTestSupport;
import io.jenkins.plugins.sbxagent.engine.request.ReviewRequest;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code sbxReviewGate} after an {@code sbxAgent} run whose gate decided 'review': the build waits
 * until a user named in {@code submitter}, or a member of a group named there, approves or rejects
 * with a POST to {@code <build>/sbx-agent-review/approve|reject?id=...}; anyone else gets 403.
 */
@WithJenkins
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SbxReviewGateStepTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String WAITING = "[sbx-agent] decision review: waiting for ";

    @BeforeAll
    static void requireDocker() {
        SbxAgentTestSupport.requireDockerAndImage();
    }

    @Test
    void shouldGoOnOnceASubmitterApproves(JenkinsRule r) throws Exception {
        WorkflowRun b = startReview(r, pipeline("review-gate.jenkinsfile"));
        r.assertLogContains("decision=review critical=0 high=1", b);
        r.assertLogContains(WAITING + "reviewer to approve or reject", b);
        assertThat(b.isBuilding()).as("the build waits for a review").isTrue();

        assertThat(answer(r, "reviewer", b, "approve", pendingId(b))).as("HTTP status of the approval").isEqualTo(200);
        r.waitForCompletion(b);

        // the approval lets the Pipeline go on; the UNSTABLE that marked the 'review' decision stays
        r.assertBuildStatus(Result.UNSTABLE, b);
        r.assertLogContains("[sbx-agent] approved by reviewer", b);
        r.assertLogContains("review passed: going on", b);
        assertThat(b.getAction(SbxAgentAction.class).getApprovedBy()).isEqualTo("reviewer");
        assertThat(b.getAction(SbxApprovalAction.class).getPending()).as("pending reviews").isEmpty();
    }

    @Test
    void shouldShowTheWaitOnTheBuildPageAndTheFindingsWhereTheReviewerAnswers(JenkinsRule r) throws Exception {
        WorkflowRun b = startReview(r, pipeline("review-gate.jenkinsfile"));
        JenkinsRule.WebClient wc = r.createWebClient().login("reviewer");
        wc.getOptions().setJavaScriptEnabled(false);

        String buildPage = wc.getPage(b).asNormalizedText();
        org.htmlunit.html.HtmlPage approvalPage = wc.getPage(b, "sbx-agent-review/");
        String reviewPage = approvalPage.asNormalizedText();
        // the run's review page, framed where the reviewer answers, and served to them
        assertThat(approvalPage.getElementsByTagName("iframe")).singleElement()
                .satisfies(frame -> assertThat(frame.getAttribute("src")).endsWith("/" + b.getUrl() + "sbx-agent/review"));
        assertThat(wc.goTo(b.getUrl() + "sbx-agent/review", null).getWebResponse().getContentAsString())
                .contains(".vscode/tasks.json").contains("decision: review");

        assertThat(buildPage).contains("Review: a person must review the change before it is merged")
                .contains("Waiting for reviewer to approve or reject:").contains("Review the change");
        assertThat(reviewPage).contains("The agent added an editor task that an IDE may run")
                .contains("Review: a person must review the change before it is merged").contains(".vscode/tasks.json")
                .contains("Approve").contains("Reject").contains("I read the change and its findings");

        assertThat(answer(r, "reviewer", b, "reject", pendingId(b))).isEqualTo(200);
        r.waitForCompletion(b);
    }

    @Test
    void shouldFailNamingTheUserWhenASubmitterRejects(JenkinsRule r) throws Exception {
        WorkflowRun b = startReview(r, pipeline("review-gate.jenkinsfile"));

        assertThat(answer(r, "reviewer", b, "reject", pendingId(b))).as("HTTP status of the rejection").isEqualTo(200);
        r.waitForCompletion(b);

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("sbxReviewGate: the changes were rejected by reviewer.", b);
        r.assertLogNotContains("review passed: going on", b);
        r.assertLogNotContains("\tat ", b);
        assertThat(b.getAction(SbxAgentAction.class).getApprovedBy()).isNull();
    }

    @Test
    void shouldRefuseAnAnswerFromAUserWhoIsNotASubmitter(JenkinsRule r) throws Exception {
        WorkflowRun b = startReview(r, pipeline("review-gate.jenkinsfile"));
        String id = pendingId(b);

        assertThat(answer(r, "intruder", b, "approve", id)).as("HTTP status of an approval by a non-submitter").isEqualTo(403);
        assertThat(answer(r, "intruder", b, "reject", id)).as("HTTP status of a rejection by a non-submitter").isEqualTo(403);

        assertThat(b.isBuilding()).as("the build still waits").isTrue();
        assertThat(b.getAction(SbxApprovalAction.class).getPending()).extracting(ReviewRequest::getId).containsExactly(id);
        assertThat(b.getAction(SbxAgentAction.class).getApprovedBy()).isNull();

        // end the build the proper way
        assertThat(answer(r, "reviewer", b, "reject", id)).isEqualTo(200);
        r.waitForCompletion(b);
        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogNotContains("approved by intruder", b);
    }

    @Test
    void shouldLetAMemberOfASubmitterGroupApprove(JenkinsRule r) throws Exception {
        String script = pipeline("review-gate.jenkinsfile").replace("submitter: 'reviewer'", "submitter: 'security-team'");
        assertThat(script).contains("submitter: 'security-team'");
        WorkflowRun b = startReview(r, script);
        r.assertLogContains(WAITING + "security-team to approve or reject", b);

        assertThat(answer(r, "reviewer", b, "approve", pendingId(b))).as("a user outside the group").isEqualTo(403);
        assertThat(answer(r, "carol", b, "approve", pendingId(b))).as("a member of security-team").isEqualTo(200);
        r.waitForCompletion(b);

        r.assertBuildStatus(Result.UNSTABLE, b);
        r.assertLogContains("[sbx-agent] approved by carol", b);
        assertThat(b.getAction(SbxAgentAction.class).getApprovedBy()).isEqualTo("carol");
    }

    @Test
    void shouldGoStraightThroughWhenTheGatePasses(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "passes", """
                def r
                node('docker') {
                    r = sbxAgent(image: 'sbx-agent/busybox:1', command: ['sh', '-c', 'echo hello > hello.txt'])
                }
                def verdict = sbxReviewGate(result: r, submitter: 'reviewer')
                echo "gate: ${verdict}"
                """);

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("[sbx-agent] decision pass: no review needed", b);
        r.assertLogContains("gate: pass", b);
        r.assertLogNotContains(WAITING, b);
        SbxApprovalAction approvals = b.getAction(SbxApprovalAction.class);
        assertThat(approvals == null ? List.of() : approvals.getPending()).as("pending reviews").isEmpty();
    }

    @Test
    void shouldMakeAndPushTheWaitingBranchOnlyOnceASubmitterApproves(JenkinsRule r) throws Exception {
        WorkflowRun b = startReview(r, pipeline("review-deliver-branch.jenkinsfile"));
        r.assertLogContains("decision=review branch=sbx/tasks awaitsReview=true", b);
        r.assertLogContains("waiting: refs/sbx-agent/review/sbx/tasks", b);
        assertThat(b.getAction(SbxAgentAction.class).getWaitingBranch().branch()).isEqualTo("sbx/tasks");

        assertThat(answer(r, "reviewer", b, "approve", pendingId(b))).isEqualTo(200);
        r.waitForCompletion(b);

        r.assertBuildStatus(Result.UNSTABLE, b);
        r.assertLogContains("[sbx-agent] made branch sbx/tasks (" + b.getAction(SbxAgentAction.class).getReport().getCommit() + "), approved by reviewer", b);
        r.assertLogContains("pushed after the review: sbx-agent: changes of command run", b);
        assertThat(b.getAction(SbxAgentAction.class).getWaitingBranch()).as("the branch waits no more").isNull();
        assertThat(b.getAction(SbxAgentAction.class).getBranchText()).isEqualTo("delivered as branch sbx/tasks after the review");
    }

    @Test
    void shouldDropTheWaitingCommitWhenASubmitterRejects(JenkinsRule r) throws Exception {
        WorkflowRun b = startReview(r, pipeline("review-deliver-branch.jenkinsfile"));

        assertThat(answer(r, "reviewer", b, "reject", pendingId(b))).isEqualTo(200);
        r.waitForCompletion(b);

        r.assertBuildStatus(Result.FAILURE, b);
        r.assertLogContains("[sbx-agent] withdrew commit " + b.getAction(SbxAgentAction.class).getReport().getCommit() + ": no branch sbx/tasks is made", b);
        r.assertLogContains("sbxReviewGate: the changes were rejected by reviewer.", b);
        r.assertLogNotContains("pushed after the review", b);
        assertThat(b.getAction(SbxAgentAction.class).getBranchText()).isEqualTo("branch sbx/tasks not made");
    }

    /**
     * Starts a build of {@code script} (whose sbxAgent run decides 'review') with security on: users
     * log in with their name as password, everyone logged in may read, carol is in security-team.
     * Returns once the gate waits.
     */
    private static WorkflowRun startReview(JenkinsRule r, String script) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "review", script);
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("carol", "security-team");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, hudson.model.Run.ARTIFACTS).everywhere().toAuthenticated());

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage(WAITING, b);
        SbxApprovalAction approvals = b.getAction(SbxApprovalAction.class);
        assertThat(approvals).as("the build's review action").isNotNull();
        assertThat(approvals.getPending()).as("pending reviews").hasSize(1);
        assertThat(b.getAction(SbxAgentAction.class).getReport().getDecision()).isEqualTo("review");
        return b;
    }

    private static String pendingId(WorkflowRun b) {
        List<ReviewRequest> pending = b.getAction(SbxApprovalAction.class).getPending();
        assertThat(pending).as("pending reviews").hasSize(1);
        return pending.get(0).getId();
    }

    /** POSTs an answer as {@code user} (logged in through the login form, with a crumb); returns the final HTTP status. */
    private static int answer(JenkinsRule r, String user, WorkflowRun b, String verb, String id) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login(user);
        wc.getOptions().setJavaScriptEnabled(false);
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(r.getURL().toURI().resolve(b.getUrl() + "sbx-agent-review/" + verb + "?id=" + id).toURL(),
                HttpMethod.POST);
        Page page = wc.getPage(wc.addCrumb(request));
        return page.getWebResponse().getStatusCode();
    }
}
