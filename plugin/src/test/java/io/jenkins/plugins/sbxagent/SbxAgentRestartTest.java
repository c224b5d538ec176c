package io.jenkins.plugins.sbxagent;

import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.createDockerAgent;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipeline;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipelineJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.gate.SbxApprovalAction;
import io.jenkins.plugins.sbxagent.engine.request.ReviewRequest;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
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
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * What sbx-agent keeps on a build must load again after a controller restart: the run's record
 * (decision, findings) on the build page, and a review that is still waiting (SbxReviewGateStepExecution
 * promises that the wait survives a restart).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SbxAgentRestartTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @BeforeAll
    static void requireDocker() {
        SbxAgentTestSupport.requireDockerAndImage();
    }

    @Test
    void shouldKeepTheRunRecordAndItsFindingsAcrossARestart() throws Throwable {
        sessions.then(r -> {
            createDockerAgent(r);
            WorkflowRun b = r.buildAndAssertStatus(Result.UNSTABLE, pipelineJob(r, "unstable", pipeline("unstable.jenkinsfile")));
            assertThat(b.getAction(SbxAgentAction.class).getReport().getFindings()).extracting(RunReport.FindingLine::getRule).contains("executable");
        });
        sessions.then(r -> {
            WorkflowJob p = r.jenkins.getItemByFullName("unstable", WorkflowJob.class);
            assertThat(p).as("the job after the restart").isNotNull();
            WorkflowRun b = p.getBuildByNumber(1);
            assertThat(b).as("build #1 after the restart").isNotNull();
            assertThat(b.getResult()).isEqualTo(Result.UNSTABLE);
            SbxAgentAction action = b.getAction(SbxAgentAction.class);
            assertThat(action).as("the sbx-agent record of build #1 after the restart").isNotNull();
            assertThat(action.getReport().getDecision()).isEqualTo("unstable");
            assertThat(action.getReport().getFindings()).as("findings after the restart")
                    .extracting(RunReport.FindingLine::getRule, RunReport.FindingLine::getPath)
                    .contains(tuple("executable", "format.sh"));
            assertThat(action.getRun()).isSameAs(b);
        });
    }

    @Test
    void shouldKeepAWaitingReviewAcrossARestart() throws Throwable {
        sessions.then(r -> {
            createDockerAgent(r);
            WorkflowJob p = pipelineJob(r, "review", pipeline("review-gate.jenkinsfile"));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("[sbx-agent] decision review: waiting for reviewer", b);
            assertThat(b.getAction(SbxApprovalAction.class).getPending()).hasSize(1);
        });
        sessions.then(r -> {
            r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
            r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                    .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                    .grant(Jenkins.READ, Item.READ).everywhere().toAuthenticated());
            WorkflowRun b = r.jenkins.getItemByFullName("review", WorkflowJob.class).getBuildByNumber(1);
            assertThat(b).as("build #1 after the restart").isNotNull();
            assertThat(b.isBuilding()).as("the build still waits for its review").isTrue();
            SbxApprovalAction approvals = b.getAction(SbxApprovalAction.class);
            assertThat(approvals).as("the build's review action after the restart").isNotNull();
            List<ReviewRequest> pending = approvals.getPending();
            assertThat(pending).as("pending reviews after the restart").hasSize(1);

            JenkinsRule.WebClient wc = r.createWebClient().login("reviewer");
            wc.getOptions().setJavaScriptEnabled(false);
            wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
            WebRequest approve = new WebRequest(r.getURL().toURI().resolve(b.getUrl() + "sbx-agent-review/approve?id=" + pending.get(0).getId()).toURL(),
                    HttpMethod.POST);
            assertThat(wc.getPage(wc.addCrumb(approve)).getWebResponse().getStatusCode()).as("HTTP status of the approval").isEqualTo(200);
            r.waitForCompletion(b);

            r.assertBuildStatus(Result.UNSTABLE, b);
            r.assertLogContains("[sbx-agent] approved by reviewer", b);
            r.assertLogContains("review passed: going on", b);
            assertThat(b.getAction(SbxAgentAction.class).getApprovedBy()).isEqualTo("reviewer");
        });
    }

    @Test
    void shouldMakeTheBranchThatWaitedForTheReviewAfterARestart() throws Throwable {
        sessions.then(r -> {
            createDockerAgent(r);
            WorkflowRun b = pipelineJob(r, "review-branch", pipeline("review-deliver-branch.jenkinsfile")).scheduleBuild2(0).waitForStart();
            r.waitForMessage("[sbx-agent] decision review: waiting for reviewer", b);
            assertThat(b.getAction(SbxAgentAction.class).getWaitingBranch()).isNotNull();
        });
        sessions.then(r -> {
            r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
            r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                    .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                    .grant(Jenkins.READ, Item.READ).everywhere().toAuthenticated());
            r.waitOnline((hudson.model.Slave) r.jenkins.getNode("docker-agent"));
            WorkflowRun b = r.jenkins.getItemByFullName("review-branch", WorkflowJob.class).getBuildByNumber(1);
            SbxAgentAction action = b.getAction(SbxAgentAction.class);
            // the branch, its commit and where it waits were read back from the build's record
            assertThat(action.getWaitingBranch()).as("the waiting branch after the restart").isNotNull()
                    .satisfies(waiting -> assertThat(waiting.branch()).isEqualTo("sbx/tasks"));
            String id = b.getAction(SbxApprovalAction.class).getPending().get(0).getId();

            JenkinsRule.WebClient wc = r.createWebClient().login("reviewer");
            wc.getOptions().setJavaScriptEnabled(false);
            WebRequest approve = new WebRequest(r.getURL().toURI().resolve(b.getUrl() + "sbx-agent-review/approve?id=" + id).toURL(),
                    HttpMethod.POST);
            assertThat(wc.getPage(wc.addCrumb(approve)).getWebResponse().getStatusCode()).isEqualTo(200);
            r.waitForCompletion(b);

            r.assertBuildStatus(Result.UNSTABLE, b);
            r.assertLogContains("[sbx-agent] made branch sbx/tasks (" + action.getReport().getCommit() + "), approved by reviewer", b);
            r.assertLogContains("pushed after the review: sbx-agent: changes of command run", b);
            assertThat(action.getBranchText()).isEqualTo("delivered as branch sbx/tasks after the review");
        });
    }
}
