package io.jenkins.plugins.sbxagent;

import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.OUTPUTS;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.addFolderCredentials;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.addGlobalCredentials;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.artifactFolder;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.artifactPaths;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.awaitNothingLeftOf;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.containersOf;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.createDockerAgent;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipeline;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipelineJob;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.readArtifact;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import com.cloudbees.plugins.credentials.SecretBytes;
import hudson.FilePath;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.util.Secret;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.config.SbxAgentGlobalConfiguration;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code sbxAgent} in real Pipelines, on an agent with a Docker engine: what it returns and archives,
 * how it binds and masks credentials, what each gate decision does to the build, the administrator's
 * caps, and that an abort leaves no container behind. The Pipelines are the documented examples of
 * {@code test-pipelines/}.
 */
@WithJenkins
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SbxAgentStepTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** Bound as API_KEY; 23 bytes, so its base64 form ends in padding the masker does not need to cover. */
    private static final String API_KEY = "sk-sbx-7Qm2xV9pL4tR8wZ3";
    private static final String NPM_TOKEN = "npm-4Kd9sQ2vX7bN1";
    private static final String NPMRC = "//registry.example/:_authToken=" + NPM_TOKEN + "\n";
    private static final String FOLDER_KEY = "folder-secret-5Hc8Jm2Qw6Ty";

    @BeforeAll
    static void requireDocker() {
        SbxAgentTestSupport.requireDockerAndImage();
    }

    @Test
    void shouldRunTheAgentOnTheDockerAgentReturnItsVerdictAndArchiveItsOutputs(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "basic", pipeline("basic.jenkinsfile"));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        String folder = artifactFolder(b, 1);
        r.assertLogContains("Running on docker-agent", b);
        r.assertLogContains("outcome=succeeded exitCode=0 decision=pass level=none", b);
        r.assertLogContains("findings=0 critical=0 high=0 medium=0 low=0", b);
        r.assertLogContains("changes=1 applied=false artifacts=" + folder + " index=1", b);
        r.assertLogContains("sbxAgent: risk none, 0 findings, 1 changed entry: decision pass (see " + folder + "/risk-summary.md)", b);
        r.assertLogContains("hello.txt in the workspace: false", b);

        assertThat(artifactPaths(b)).as("archived artifacts")
                .contains(OUTPUTS.stream().map(name -> folder + "/" + name).toArray(String[]::new));
        assertThat(readArtifact(b, folder + "/diff.patch")).contains("hello.txt").contains("+hello");
        assertThat(readArtifact(b, folder + "/risk-summary.md")).startsWith("# sbx-agent risk summary").contains("PASS");
        assertThat(readArtifact(b, folder + "/audit.json"))
                .containsPattern("\"outcome\"\\s*:\\s*\"succeeded\"")
                .containsPattern("\"tenant\"\\s*:\\s*\"basic\"")
                .containsPattern("\"runId\"\\s*:\\s*\"" + SbxAgentTestSupport.runId(b, 1) + "\"");

        List<SbxAgentAction> actions = b.getActions(SbxAgentAction.class);
        assertThat(actions).hasSize(1);
        SbxAgentAction action = actions.get(0);
        assertThat(action.getReport().getOutcome()).isEqualTo("succeeded");
        assertThat(action.getReport().getDecision()).isEqualTo("pass");
        assertThat(action.getReport().getAgentExit()).isZero();
        assertThat(action.getReport().getChangeCount()).isEqualTo(1);
        assertThat(action.getReport().getFiles()).containsAll(OUTPUTS);
        assertThat(action.getReport().getPatches()).containsExactly("diff.patch");
        assertThat(action.getIconFileName()).contains("checkmark");
        assertThat(action.artifactUrl("diff.patch")).isEqualTo("artifact/" + folder + "/diff.patch");
        // the review page, served by the run's action under its own policy, and framed on the run's page
        JenkinsRule.WebClient web = r.createWebClient();
        org.htmlunit.WebResponse review = web.goTo(b.getUrl() + action.getUrlName() + "/review", null).getWebResponse();
        assertThat(review.getResponseHeaderValue("Content-Security-Policy")).isEqualTo("default-src 'none'; style-src 'unsafe-inline'; sandbox");
        assertThat(review.getContentAsString()).contains("<h1>sbx-agent review: basic").contains("hello.txt").contains("decision: pass");
        org.htmlunit.html.HtmlPage runPage = web.goTo(b.getUrl() + action.getUrlName() + "/");
        assertThat(runPage.getElementsByTagName("iframe")).singleElement()
                .satisfies(frame -> assertThat(frame.getAttribute("src")).endsWith("/" + b.getUrl() + action.getUrlName() + "/review"));

        assertThat(containersOf("basic")).as("containers left by a finished run").isEmpty();
    }

    @Test
    void shouldFollowAKnownAgentsConversationWhileItRunsAndStopAfter(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        // a known agent whose CLI this image lacks: it ends at once, and its conversation was followed until then
        WorkflowJob p = pipelineJob(r, "live", "node('docker') {\n"
                + "  def r = sbxAgent(image: 'sbx-agent/busybox:1', agent: 'claude', prompt: 'Say hello')\n"
                + "  echo \"outcome=${r.outcome}\"\n}\n");

        WorkflowRun b = p.scheduleBuild2(0).get();

        io.jenkins.plugins.sbxagent.model.SbxLiveConversation live = b.getAction(io.jenkins.plugins.sbxagent.model.SbxLiveConversation.class);
        assertThat(live).as("the live conversation of a known agent").isNotNull();
        assertThat(live.isFollowing()).as("stopped when the run ended").isFalse();
        assertThat(live.getIconFileName()).isNull();
        assertThat(b.getAction(SbxAgentAction.class)).as("the run's page, with the review, takes over").isNotNull();
    }

    @Test
    void shouldMaskEveryBoundCredentialInTheConsoleAndInEveryArchivedOutput(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        addGlobalCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "agent-key", "the agent's API key", Secret.fromString(API_KEY)),
                new FileCredentialsImpl(CredentialsScope.GLOBAL, "agent-npmrc", "the agent's npm configuration", ".npmrc",
                        SecretBytes.fromRawBytes(NPMRC.getBytes(StandardCharsets.UTF_8))));
        WorkflowJob p = pipelineJob(r, "masking", pipeline("secret-masking.jenkinsfile"));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        // the agent really ran and printed: what it printed is masked, not missing
        r.assertLogContains("[sbx-agent] binding API_KEY, /tmp/.npmrc; their values are masked", b);
        r.assertLogContains("key: ****", b);
        r.assertLogContains("sbxAgent: the gate failed the change: risk critical", b);
        r.assertLogContains("decision fail", b);
        r.assertLogNotContains("not reached", b);
        r.assertLogNotContains("\tat ", b);

        List<String> forms = secretForms();
        String log = JenkinsRule.getLog(b);
        for (String form : forms) {
            assertThat(log).as("the build log must not show %s", form).doesNotContain(form);
        }
        String folder = artifactFolder(b, 1);
        List<String> archived = artifactPaths(b);
        assertThat(archived).contains(folder + "/agent.log", folder + "/diff.patch");
        for (String path : archived) {
            String content = readArtifact(b, path);
            for (String form : forms) {
                assertThat(content).as("the archived %s must not hold %s", path, form).doesNotContain(form);
            }
        }
        assertThat(readArtifact(b, folder + "/agent.log")).contains("key: ****");
        assertThat(readArtifact(b, folder + "/diff.patch")).contains("leaked.txt").contains("****");
        // the build record (findings and their evidence) is saved in build.xml
        String buildXml = Files.readString(b.getRootDir().toPath().resolve("build.xml"), StandardCharsets.ISO_8859_1);
        for (String form : forms) {
            assertThat(buildXml).as("build.xml must not hold %s", form).doesNotContain(form);
        }

        SbxAgentAction action = b.getAction(SbxAgentAction.class);
        assertThat(action.getReport().getDecision()).isEqualTo("fail");
        assertThat(action.getReport().getFindings()).extracting(RunReport.FindingLine::getRule).contains("secret-bound-leaked");
    }

    @Test
    void shouldDeliverTheChangesAsABranchAndPushItWithTheBoundAccount(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        String password = "push-Pa55word-0123456789";
        addGlobalCredentials(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "git-push", "the bot's push token", "ci-bot", password));

        WorkflowRun b = r.buildAndAssertSuccess(pipelineJob(r, "deliver", pipeline("deliver-branch.jenkinsfile")));

        r.assertLogContains("[sbx-agent] binding the push account ci-bot; their values are masked", b);
        r.assertLogContains("delivered 1 entry as branch sbx/fix-1", b);
        r.assertLogContains("decision=pass branch=sbx/fix-1 commit=", b);
        r.assertLogContains("pushed: Fix the notes by sbx-agent (command)", b);
        r.assertLogNotContains(password, b);
        assertThat(artifactPaths(b)).contains(artifactFolder(b, 1) + "/branch.bundle");
        assertThat(JenkinsRule.getLog(b)).as("git status of the workspace after the run").doesNotContain("?? fix.txt");
        assertThat(b.getAction(SbxAgentAction.class).getReport().getBranch()).isEqualTo("sbx/fix-1");
        try (JenkinsRule.WebClient web = r.createWebClient()) {
            assertThat(web.getPage(b).asNormalizedText()).contains("delivered as branch sbx/fix-1");
        }
    }

    @Test
    void shouldRefuseToContinueASessionNoRunOfTheBuildLeft(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "session", "node('docker') {\n"
                + "  def r = sbxAgent(image: 'sbx-agent/busybox:1', command: ['true'])\n"
                + "  sbxAgent(image: 'sbx-agent/busybox:1', agent: 'claude', prompt: 'Implement it',\n"
                + "           resumeSession: sbxSession(id: '5fad8d69-ad87-499a-87f6-6799a8439f29'))\n}\n");

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("sbxAgent: resumeSession: no earlier sbxAgent run of this build ended with session 5fad8d69-ad87-499a-87f6-6799a8439f29."
                + " Give the sessionId an earlier step returned.", b);
        r.assertLogNotContains("\tat ", b);
        assertThat(b.getActions(SbxAgentAction.class)).as("only the first run ran").hasSize(1);

        // without an id, the build's latest session: a plain command's run has none
        WorkflowRun latest = r.buildAndAssertStatus(Result.FAILURE, pipelineJob(r, "latest-session", "node('docker') {\n"
                + "  sbxAgent(image: 'sbx-agent/busybox:1', command: ['true'])\n"
                + "  sbxAgent(image: 'sbx-agent/busybox:1', agent: 'claude', prompt: 'Go on', resumeSession: sbxSession())\n}\n"));
        r.assertLogContains("sbxAgent: resumeSession: no earlier sbxAgent run of this build ended with a session to continue.", latest);
    }

    @Test
    void shouldBindAFolderCredentialOnlyInJobsOfThatFolder(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        Folder team = r.jenkins.createProject(Folder.class, "team");
        addFolderCredentials(team,
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "folder-key", "the team's key", Secret.fromString(FOLDER_KEY)));
        String script = pipeline("folder-credentials.jenkinsfile");

        WorkflowJob inside = team.createProject(WorkflowJob.class, "inside");
        inside.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun bound = r.buildAndAssertSuccess(inside);
        r.assertLogContains("FOLDER_KEY is bound (" + FOLDER_KEY.length() + " characters)", bound);
        r.assertLogContains("decision=pass", bound);
        r.assertLogNotContains(FOLDER_KEY, bound);

        WorkflowJob outside = pipelineJob(r, "outside", script);
        WorkflowRun refused = r.buildAndAssertStatus(Result.FAILURE, outside);
        r.assertLogContains("sbxAgent: credentials: no credentials with id 'folder-key' are visible to outside", refused);
        r.assertLogNotContains("FOLDER_KEY is bound", refused);
        r.assertLogNotContains("\tat ", refused);
        assertThat(refused.getActions(SbxAgentAction.class)).as("no sandbox ran").isEmpty();
    }

    @Test
    void shouldFailWithAClearMessageWhenACredentialIsMissing(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "missing-credential", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', command: ['true'],
                             credentials: [sbxSecretEnv(credentialsId: 'no-such-key', variable: 'API_KEY')])
                }
                """);

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("sbxAgent: credentials: no credentials with id 'no-such-key' are visible to missing-credential", b);
        r.assertLogNotContains("\tat ", b);
        r.assertLogNotContains("[sbx-agent] sandbox", b);
    }

    @Test
    void shouldFailWithAClearMessageWhenACredentialHasTheWrongType(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        addGlobalCredentials(
                new FileCredentialsImpl(CredentialsScope.GLOBAL, "a-file", "a secret file", "settings.xml",
                        SecretBytes.fromRawBytes("<settings/>".getBytes(StandardCharsets.UTF_8))),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "a-text", "a secret text", Secret.fromString("text-secret-9Rk2")));

        WorkflowRun fileAsText = r.buildAndAssertStatus(Result.FAILURE, pipelineJob(r, "file-as-text", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', command: ['true'],
                             credentials: [sbxSecretEnv(credentialsId: 'a-file', variable: 'API_KEY')])
                }
                """));
        r.assertLogContains("sbxAgent: credentials: 'a-file' are FileCredentialsImpl, where secret text was expected.", fileAsText);
        r.assertLogNotContains("\tat ", fileAsText);

        WorkflowRun textAsFile = r.buildAndAssertStatus(Result.FAILURE, pipelineJob(r, "text-as-file", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', command: ['true'],
                             credentials: [sbxSecretFile(credentialsId: 'a-text', path: '.npmrc')])
                }
                """));
        r.assertLogContains("sbxAgent: credentials: 'a-text' are StringCredentialsImpl, where a secret file was expected.", textAsFile);
        r.assertLogNotContains("\tat ", textAsFile);
        r.assertLogNotContains("text-secret-9Rk2", textAsFile);
    }

    @Test
    void shouldRemoveTheSandboxWhenTheBuildIsAborted(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        String name = uniqueName("abort");
        WorkflowJob p = pipelineJob(r, name, pipeline("abort.jenkinsfile"));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage(" created (network none)", b);
        assertThat(containersOf(name)).as("the sandbox of the running agent").hasSize(1);

        b.doStop();
        r.waitForCompletion(b);

        r.assertBuildStatus(Result.ABORTED, b);
        assertThat(awaitNothingLeftOf(name, Duration.ofSeconds(60))).as("containers and volumes left after the abort").isEmpty();
    }

    @Test
    void shouldKeepTheBuildSuccessfulWhenTheGatePasses(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowRun b = r.buildAndAssertSuccess(pipelineJob(r, "passes", pipeline("basic.jenkinsfile")));

        r.assertLogContains("decision=pass", b);
        r.assertLogNotContains("WARNING: sbxAgent", b);
        assertThat(sbxAgentNode(b).getPersistentAction(WarningAction.class)).as("warning on the sbxAgent step").isNull();
    }

    @Test
    void shouldMarkTheBuildAndTheStepUnstableWhenTheGateSaysUnstable(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowRun b = r.buildAndAssertStatus(Result.UNSTABLE, pipelineJob(r, "unstable", pipeline("unstable.jenkinsfile")));

        r.assertLogContains("WARNING: sbxAgent: the gate marks the build unstable: risk medium, 1 finding", b);
        r.assertLogContains("decision=unstable level=medium medium=1 critical=0", b);
        WarningAction warning = sbxAgentNode(b).getPersistentAction(WarningAction.class);
        assertThat(warning).as("warning on the sbxAgent step").isNotNull();
        assertThat(warning.getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(warning.getMessage()).contains("decision unstable");
        assertThat(b.getAction(SbxAgentAction.class).getReport().getFindings()).extracting(RunReport.FindingLine::getRule, RunReport.FindingLine::getPath)
                .contains(tuple("executable", "format.sh"));
    }

    @Test
    void shouldFailTheBuildWithoutAStackTraceWhenTheGateFails(JenkinsRule r) throws Exception {
        DumbSlave agent = createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "malicious", pipeline("malicious-agent.jenkinsfile"));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("ERROR: sbxAgent: the gate failed the change: risk critical", b);
        r.assertLogContains("decision fail (see " + artifactFolder(b, 1) + "/risk-summary.md)", b);
        r.assertLogNotContains("\tat ", b);
        r.assertLogNotContains("not reached", b);
        SbxAgentAction action = b.getAction(SbxAgentAction.class);
        assertThat(action.getReport().getDecision()).isEqualTo("fail");
        assertThat(action.getReport().isApplied()).isFalse();
        assertThat(action.getReport().getFindings()).extracting(RunReport.FindingLine::getRule, RunReport.FindingLine::getPath)
                .contains(tuple("git-hook", ".git/hooks/pre-commit"));
        assertThat(artifactPaths(b)).contains(artifactFolder(b, 1) + "/risk-summary.md");
        FilePath workspace = agent.getWorkspaceFor(p);
        assertThat(workspace).isNotNull();
        assertThat(workspace.child(".git").exists()).as("the hook must not reach the workspace").isFalse();
    }

    @Test
    void shouldRefuseAnImageTheAdministratorDoesNotAllow(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        SbxAgentGlobalConfiguration.get().setAllowedImages(List.of("registry.example/*"));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, pipelineJob(r, "allowed-images", pipeline("basic.jenkinsfile")));

        r.assertLogContains("'sbx-agent/busybox:1' is not an allowed image", b);
        r.assertLogContains("The setting 'Allowed images'", b);
        assertRefusedBeforeAnySandbox(r, b);
    }

    @Test
    void shouldRefuseANetworkWiderThanTheAdministratorAllows(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        SbxAgentGlobalConfiguration.get().setWidestNetwork("none");

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, pipelineJob(r, "widest-network", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', network: 'open', command: ['true'])
                }
                """));

        r.assertLogContains("'open' is wider than allowed", b);
        r.assertLogContains("The setting 'Widest network'", b);
        assertRefusedBeforeAnySandbox(r, b);
    }

    @Test
    void shouldRefuseATimeoutLongerThanTheAdministratorAllows(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        SbxAgentGlobalConfiguration.get().setMaxTimeoutMinutes(10);

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, pipelineJob(r, "longest-timeout", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', timeout: 60, command: ['true'])
                }
                """));

        r.assertLogContains("60 minutes is longer than allowed", b);
        r.assertLogContains("The setting 'Longest timeout'", b);
        r.assertLogContains("allows at most 10 minutes", b);
        assertRefusedBeforeAnySandbox(r, b);
    }

    @Test
    void shouldRefuseAnAgentWithoutAPromptNamingTheField(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "agent-without-prompt", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', agent: 'claude', maxTurns: 5)
                }
                """);

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("sbxAgent: prompt: agent 'claude' needs instructions", b);
        assertRefusedBeforeAnySandbox(r, b);
    }

    @Test
    void shouldRunAsTheFirstStepOfNodeBeforeAnythingCreatedTheWorkspace(JenkinsRule r) throws Exception {
        DumbSlave agent = createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "first-step", pipeline("basic.jenkinsfile"));
        FilePath workspace = agent.getWorkspaceFor(p);
        assertThat(workspace).isNotNull();
        assertThat(workspace.exists()).as("node {} allocates the workspace; nothing has created it yet").isFalse();

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("decision=pass", b);
        r.assertLogNotContains("is not a folder", b);
    }

    @Test
    void shouldWriteEveryLineOfTheRunIntoTheLogBeforeTheNextStep(JenkinsRule r) throws Exception {
        createDockerAgent(r);
        WorkflowJob p = pipelineJob(r, "console", """
                node('docker') {
                    sbxAgent(image: 'sbx-agent/busybox:1', command: ['sh', '-c', 'echo the agent speaks; echo x > x.txt; exit 3'])
                }
                """);
        WorkflowJob unstable = pipelineJob(r, "console-unstable", pipeline("unstable.jenkinsfile") + "\nnode { echo 'THE NEXT STEP' }\n");

        WorkflowRun failed = r.buildAndAssertStatus(Result.FAILURE, p);
        WorkflowRun marked = r.buildAndAssertStatus(Result.UNSTABLE, unstable);

        String log = JenkinsRule.getLog(failed);
        List<String> expected = List.of("[sbx-agent] workspace staged", "[sbx-agent] sandbox ", "the agent speaks",
                "[sbx-agent] agent exited with code 3", "[sbx-agent] risk ", "the agent failed (exit 3)");
        int at = -1;
        for (String line : expected) {
            int next = log.indexOf(line, at + 1);
            assertThat(next).as("'%s' after position %d of the log:%n%s", line, at, log).isGreaterThan(at);
            at = next;
        }
        String second = JenkinsRule.getLog(marked);
        assertThat(second).contains("[sbx-agent] risk medium, 1 finding: decision unstable");
        assertThat(second.indexOf("[sbx-agent] risk medium")).as("the run's lines come before the next step's").isLessThan(
                second.indexOf("THE NEXT STEP"));
    }

    private static void assertRefusedBeforeAnySandbox(JenkinsRule r, WorkflowRun b) throws Exception {
        r.assertLogNotContains("\tat ", b);
        r.assertLogNotContains("[sbx-agent] sandbox", b);
        assertThat(b.getActions(SbxAgentAction.class)).as("no sandbox ran").isEmpty();
        assertThat(containersOf(b.getParent().getFullName())).isEmpty();
    }

    /** The FlowNode of the (single) sbxAgent step of a build. */
    private static FlowNode sbxAgentNode(WorkflowRun b) {
        return new DepthFirstScanner().allNodes(b.getExecution()).stream()
                .filter(node -> "sbxAgent".equals(node.getDisplayFunctionName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sbxAgent step in " + b));
    }

    /** What the secret-masking agent prints or writes: every bound value, plainly and in base64. */
    private static List<String> secretForms() {
        List<String> forms = new ArrayList<>();
        for (String secret : List.of(API_KEY, NPMRC, NPMRC.strip(), NPM_TOKEN)) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            forms.add(secret);
            forms.add(base64);
            // the part of the base64 text that does not depend on what follows the value
            forms.add(base64.substring(0, bytes.length * 8 / 6));
        }
        return forms;
    }
}
