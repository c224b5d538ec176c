package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import static io.jenkins.plugins.sbxagent.engine.TestGit.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxContractDouble;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with {@code --backend docker-sbx}, through the sbx contract test double (the documented
 * sbx subset on the real Docker engine; the real sbx needs KVM and a Docker account): the change set,
 * diff, risk summary and audit come out as with the docker backend, and the sandbox is gone after.
 */
class SbxAgentRunITest {
    private static final String PROXIED_KEY = "sk-ant-stand-in-proxied-0123456789";
    private static final String OTHER_TOKEN = "other-token-stand-in-0123456789";

    @TempDir
    Path temp;

    private Path sbx;
    private Path kvm;

    @BeforeEach
    void installTheDouble() throws Exception {
        DockerEngine.require();
        sbx = SbxContractDouble.installReady(temp.resolve("sbx"));
        kvm = Files.createFile(temp.resolve("kvm"));
    }

    private RunResult run(RunSpec.Builder spec) throws Exception {
        return run(spec, AgentKind.COMMAND, AgentBudget.NONE);
    }

    private RunResult run(RunSpec.Builder spec, AgentKind agent, AgentBudget budget) throws Exception {
        SbxBackend backend = new SbxBackend(new SbxCli(new ProcessCommandRunner(), sbx.toString(), Duration.ofSeconds(60)), kvm, null);
        return new AgentRun(spec.withBackend(Backend.DOCKER_SBX).build(), agent, budget, Policy.strict(), RuleBook.shipped(), backend,
                RunListener.SILENT, Clock.systemUTC()).call();
    }

    /** A direct-mode run (the copy mounted read-write) in the busybox image; clone mode, the default, needs git in the image. */
    private RunSpec.Builder spec(Path workspace, String script) throws Exception {
        return RunSpec.builder().withWorkspaceMode(io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode.COPY).withWorkspace(workspace)
                .withOutputs(temp.resolve("out"))
                .withWorkRoot(Files.createDirectories(temp.resolve("work"))).withImage(DockerEngine.BUSYBOX).withTenant("tests/sbx")
                .withCommand(java.util.List.of("sh", "-c", script));
    }

    @Test
    void shouldRunInADockerSandboxOnAPrivateCopyAndReportLikeAnyRun() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Files.createDirectories(workspace.resolve(".gemini"));
        Files.writeString(workspace.resolve(".gemini/settings.json"), "{\"hooks\": \"planted\"}\n");
        Map<String, String> before = Workspaces.fingerprint(workspace);
        Path tool = Files.writeString(temp.resolve("tool.json"), "{\"tool\": true}\n");

        RunResult result = run(spec(workspace, "echo four >> notes.txt; rm src/old.txt; echo new > lib.txt; cat /run/sbx/tool.json;"
                + " echo \"plain=$PLAIN_VAR\"; echo \"proxied=[$ANTHROPIC_API_KEY]\"; echo \"other=$OTHER_TOKEN\"; ls -A .gemini || echo no-gemini;"
                + " mkdir .gemini; echo planted > .gemini/settings.json")
                .withPut(tool, "/run/sbx/tool.json").withEnv("PLAIN_VAR", "hello").withSecretEnv("ANTHROPIC_API_KEY", PROXIED_KEY)
                .withSecretEnv("OTHER_TOKEN", OTHER_TOKEN).withHiddenPath(".gemini"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.staging()).isEqualTo("copy");
        assertThat(result.changes()).extracting(Change::path).containsExactlyInAnyOrder("notes.txt", "src/old.txt", "lib.txt");
        assertThat(Workspaces.fingerprint(workspace)).as("the workspace is untouched").isEqualTo(before);
        Path out = result.outputs();
        assertThat(Files.readString(out.resolve(RunOutputs.DIFF))).contains("+four").contains("-to be deleted").contains("+new");
        String log = Files.readString(out.resolve(RunOutputs.AGENT_LOG));
        assertThat(log).contains("{\"tool\": true}").contains("plain=hello").contains("no-gemini")
                .as("a key sbx's proxy holds never enters the VM").contains("proxied=[]")
                .as("one it cannot hold crosses in the environment, masked in the log").doesNotContain(OTHER_TOKEN).contains("other=");
        JsonNode audit = new ObjectMapper().readTree(out.resolve(RunOutputs.AUDIT).toFile());
        assertThat(audit.get("backend").asText()).isEqualTo("docker-sbx");
        assertThat(audit.get("sbxVersion").asText()).isEqualTo("0.45.0");
        assertThat(audit.get("secretsProxied").toString()).isEqualTo("[\"ANTHROPIC_API_KEY\"]");
        assertThat(audit.get("secretsInEnvironment").toString()).isEqualTo("[\"OTHER_TOKEN\"]");
        assertThat(audit.get("puts").toString()).contains("/run/sbx/tool.json").contains("sha256");
        assertThat(audit.get("hiddenWritten").toString()).as("written where it was not shown: dropped, and said so").isEqualTo("[\".gemini\"]");
        assertThat(Files.readString(workspace.resolve(".gemini/settings.json"))).doesNotContain("planted\n").contains("hooks");
        assertThat(Files.readString(out.resolve(RunOutputs.RISK_JSON))).contains("\"decision\"");
        String calls = Files.readString(sbx.resolveSibling("calls.log"));
        assertThat(calls).contains("\"deny\", \"network\"").doesNotContain(PROXIED_KEY).doesNotContain(OTHER_TOKEN);
        assertThat(new ObjectMapper().readTree(sbx.resolveSibling("state.json").toFile()).path("sandboxes").size()).as("removed").isZero();
    }

    @Test
    void shouldBringTheAgentsCommitsBackInCloneModeAndLeaveTheUsersRepositoryAlone() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("repo"));
        git(workspace, "init", "-q");
        Files.writeString(workspace.resolve("notes.txt"), "one\n");
        Files.writeString(workspace.resolve("old.txt"), "to be deleted\n");
        Files.writeString(workspace.resolve(".gitignore"), "build/\n");
        git(workspace, "add", "-A");
        git(workspace, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "start");
        // uncommitted and untracked work crosses too; what git ignores does not
        Files.writeString(workspace.resolve("notes.txt"), "one\ntwo\n");
        Files.writeString(workspace.resolve("draft.txt"), "untracked\n");
        Files.createDirectories(workspace.resolve("build"));
        Files.writeString(workspace.resolve("build/out.bin"), "ignored\n");
        Map<String, String> before = Workspaces.fingerprint(workspace);

        // the agent commits one change itself and leaves the others uncommitted
        RunResult result = run(spec(workspace, "cat draft.txt; ls build 2>/dev/null || echo no-build; echo three >> notes.txt;"
                + " git -c user.name=agent -c user.email=agent@x commit -qam 'the agent' && rm old.txt && echo new > lib.txt")
                .withImage("sbx-agent/git-agent:1").withWorkspaceMode(null));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(new ObjectMapper().readTree(result.outputs().resolve(RunOutputs.AUDIT).toFile()).get("workspaceMode").asText())
                .as("Docker Sandboxes' default").isEqualTo("clone");
        assertThat(result.changes()).extracting(Change::path).containsExactlyInAnyOrder("notes.txt", "old.txt", "lib.txt");
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.DIFF))).contains("+three").contains("-to be deleted").contains("+new");
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AGENT_LOG))).contains("untracked").contains("no-build");
        assertThat(Workspaces.fingerprint(workspace)).as("no remote, no ref, no file of the user's changed").isEqualTo(before);
        assertThat(git(workspace, "remote")).isBlank();
    }

    @Test
    void shouldStopARunPastItsTimeoutAndRemoveTheSandbox() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));

        RunResult result = run(spec(workspace, "sleep 120").withAllowHost("api.anthropic.com")
                .withNetwork(io.jenkins.plugins.sbxagent.engine.spec.NetworkMode.ALLOWLIST)
                .withLimits(Limits.defaults().withTimeout(Duration.ofSeconds(3))));

        assertThat(result.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(Files.readString(sbx.resolveSibling("calls.log"))).contains("\"allow\", \"network\"").contains("api.anthropic.com");
        assertThat(new ObjectMapper().readTree(sbx.resolveSibling("state.json").toFile()).path("sandboxes").size()).isZero();
    }

    /** Test double of an agent that never stops: a Claude Code turn every fifth of a second, and a line in turns.txt for each. */
    private static final String ENDLESS_AGENT = "i=0; while true; do i=$((i+1)); echo \"{\\\"type\\\":\\\"assistant\\\",\\\"message\\\":"
            + "{\\\"id\\\":\\\"m$i\\\"}}\"; echo turn >> turns.txt; sleep 0.2; done";

    @Test
    void shouldStopAnAgentPastItsTurnBudgetInADockerSandbox() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));

        RunResult result = run(spec(workspace, ENDLESS_AGENT).withLimits(Limits.defaults().withTimeout(Duration.ofSeconds(60))),
                AgentKind.CLAUDE, new AgentBudget(2, null));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.usage().overBudget()).isTrue();
        assertThat(result.usage().endReason()).startsWith(AgentBudget.TURNS_EXCEEDED);
        assertThat(Files.readAllLines(result.outputs().resolve(RunOutputs.DIFF))).filteredOn(l -> l.equals("+turn")).hasSizeBetween(2, 20);
        assertThat(new ObjectMapper().readTree(sbx.resolveSibling("state.json").toFile()).path("sandboxes").size()).isZero();
    }

    @Test
    void shouldEndWithTheReasonWhenTheNodeCannotRunSandboxes() throws Exception {
        Files.delete(kvm);

        RunResult result = run(spec(Workspaces.project(temp.resolve("ws")), "true"));

        assertThat(result.outcome()).isEqualTo(RunOutcome.SANDBOX_ERROR);
        assertThat(result.error()).contains("needs KVM");
        assertThat(sbx.resolveSibling("state.json")).doesNotExist();
    }
}
