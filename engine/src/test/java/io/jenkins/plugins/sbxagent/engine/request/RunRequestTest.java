package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A step's fields checked once, here, for the Pipeline step, the freestyle build step and Configuration
 * as Code alike: the defaults, the administrator's settings, and each refusal in the step's field names.
 */
class RunRequestTest {
    private static final String WHERE = "Manage Jenkins » System » sbx-agent";
    private static final HostSettings DEFAULTS = HostSettings.of("docker", null, List.of(), "none", 120, 4, "8g", null, null, WHERE);

    private static RunRequest.Builder command(String... argv) {
        return RunRequest.builder().image("sbx-agent/busybox:1").command(List.of(argv));
    }

    private static RunRequest.Builder claude() {
        return RunRequest.builder().image("agents/claude:1").agent("claude").prompt("Fix the failing test");
    }

    @Test
    void shouldFillInEveryDefaultForAStepThatSetsOnlyItsImageAndCommand() {
        CheckedRun run = command("sh", "-c", "make fix").build().check(DEFAULTS);

        assertThat(run.backend()).isEqualTo(Backend.DOCKER);
        assertThat(run.image()).isEqualTo("sbx-agent/busybox:1");
        assertThat(run.agent().kind()).isEqualTo(AgentKind.COMMAND);
        assertThat(run.agent().commandLine(null).argv()).containsExactly("sh", "-c", "make fix");
        assertThat(run.network()).isEqualTo(NetworkMode.NONE);
        assertThat(run.workspaceMode()).isEqualTo(WorkspaceMode.COPY);
        assertThat(run.limits().timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(run.limits().cpus()).isEqualTo(2.0);
        assertThat(run.limits().memoryBytes()).isEqualTo(4L << 30);
        assertThat(run.policy().failOn()).isEqualTo(Severity.CRITICAL);
        assertThat(run.apply()).isFalse();
    }

    @Test
    void shouldTakeTheAdministratorsDefaultsAndKeepWithinTheirCaps() {
        HostSettings settings = HostSettings.of("docker-sbx", "agents/default:1", List.of("agents/*"), "allowlist", 20, 1, "1g",
                new PolicyFields("high", null, null, List.of("Jenkinsfile"), List.of(), null, null), null, WHERE);

        CheckedRun run = RunRequest.builder().command(List.of("true")).build().check(settings);

        assertThat(run.backend()).isEqualTo(Backend.DOCKER_SBX);
        assertThat(run.image()).isEqualTo("agents/default:1");
        assertThat(run.workspaceMode()).as("Docker Sandboxes' own default").isEqualTo(WorkspaceMode.CLONE);
        assertThat(run.limits().timeout()).as("30 minutes is over the cap: the cap").isEqualTo(Duration.ofMinutes(20));
        assertThat(run.limits().cpus()).isEqualTo(1.0);
        assertThat(run.limits().memoryBytes()).isEqualTo(1L << 30);
        assertThat(run.policy().failOn()).isEqualTo(Severity.HIGH);
        assertThat(run.policy().protectedPaths()).containsExactly("Jenkinsfile");

        assertThatThrownBy(() -> command("true").image("elsewhere/agent:1").build().check(settings)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("image: 'elsewhere/agent:1' is not an allowed image.").hasMessageContaining(WHERE);
        assertThatThrownBy(() -> command("true").image("agents/x").network("open").build().check(settings))
                .hasMessageStartingWith("network: 'open' is wider than allowed.");
        assertThatThrownBy(() -> command("true").image("agents/x").timeoutMinutes(60).build().check(settings))
                .hasMessageStartingWith("timeout: 60 minutes is longer than allowed.");
        assertThatThrownBy(() -> command("true").image("agents/x").cpus(2.0).build().check(settings))
                .hasMessageStartingWith("cpus: ");
    }

    @Test
    void shouldLetAJobAddProtectedPathsButNeverRemoveTheAdministrators() {
        HostSettings settings = HostSettings.of("docker", null, List.of(), "none", 120, 4, "8g",
                new PolicyFields(null, null, null, List.of("Jenkinsfile"), List.of(), 100, null), null, WHERE);

        CheckedRun run = command("true").policy(new PolicyFields("none", null, null, List.of(".github/**"), List.of(), 0, null)).build()
                .check(settings);

        assertThat(run.policy().protectedPaths()).containsExactly("Jenkinsfile", ".github/**");
        assertThat(run.policy().failOn()).isEqualTo(Severity.NONE);
        assertThat(run.policy().maxChangedFiles()).isZero();
        assertThatThrownBy(() -> command("true").policy(new PolicyFields("severe", null, null, null, null, null, null)).build()
                .check(settings)).hasMessageStartingWith("policy.failOn: ");
    }

    @Test
    void shouldRefuseEachMistakeNamingTheStepsFieldNeverAnOption() {
        assertThatThrownBy(() -> RunRequest.builder().command(List.of("true")).build().check(DEFAULTS))
                .hasMessageStartingWith("image: none given, and no default image is set in " + WHERE);
        assertThatThrownBy(() -> command().build().check(DEFAULTS)).hasMessageStartingWith("command: none given.");
        assertThatThrownBy(() -> command("true").image("Bad Image!!").build().check(DEFAULTS))
                .hasMessageStartingWith("image: 'Bad Image!!' is not an image reference.");
        assertThatThrownBy(() -> command("true").backend("kubernetes").build().check(DEFAULTS)).hasMessageStartingWith("backend: ");
        assertThatThrownBy(() -> command("true").backend("docker-sbx").registryLogin(true).build().check(DEFAULTS))
                .hasMessageStartingWith("registryCredentialsId: ");
        assertThatThrownBy(() -> command("true").network("host").build().check(DEFAULTS))
                .hasMessageStartingWith("network: 'host' is not one of [none, allowlist, open].").hasMessageContaining("never allowed");
        assertThatThrownBy(() -> command("true").network("allowlist").build().check(DEFAULTS))
                .hasMessageStartingWith("allowHosts: network 'allowlist' needs the hosts");
        assertThatThrownBy(() -> command("true").allowHosts(List.of("api.anthropic.com")).build().check(DEFAULTS))
                .hasMessageStartingWith("allowHosts: takes effect only with network: 'allowlist'.");
        assertThatThrownBy(() -> command("true").network("allowlist").allowHosts(List.of("127.0.0.1")).build().check(DEFAULTS))
                .hasMessageStartingWith("allowHosts: '127.0.0.1' is an address or loopback.");
        assertThatThrownBy(() -> command("true").workspaceMode("overlay").build().check(DEFAULTS)).hasMessageStartingWith("workspaceMode: ");
        assertThatThrownBy(() -> command("true").memory("lots").build().check(DEFAULTS)).hasMessageStartingWith("memory: 'lots' is not a size.");
        assertThatThrownBy(() -> command("true").cpus(0.0).build().check(DEFAULTS)).hasMessageStartingWith("cpus: must lie between");
        assertThatThrownBy(() -> command("true").timeoutMinutes(0).build().check(DEFAULTS)).hasMessageStartingWith("timeout: must lie between");
        assertThatThrownBy(() -> command("true").agent("copilot").build().check(DEFAULTS)).hasMessageStartingWith("agent: 'copilot'");
        assertThatThrownBy(() -> claude().maxTurns(-1).build().check(DEFAULTS)).hasMessageStartingWith("maxTurns: must be at least 1")
                .hasMessageNotContaining("--");
        assertThatThrownBy(() -> claude().agent("codex").maxCostUsd(2.5).build().check(DEFAULTS)).hasMessageStartingWith("maxCostUsd: ")
                .hasMessageContaining("maxTurns").hasMessageNotContaining("--");
    }

    @Test
    void shouldRunTheCommandAsGivenOrBuildTheAgentsHeadlessCommandLine() {
        AgentCommandLine claude = claude().model("a-model").maxTurns(20).command(List.of("--add-dir", "/data")).build().check(DEFAULTS)
                .agent().commandLine(null);

        assertThat(claude.argv()).startsWith("claude", "-p", "Fix the failing test").containsSequence("--model", "a-model")
                .containsSequence("--max-turns", "20").endsWith("--add-dir", "/data");
        assertThat(claude.environment()).containsEntry("DISABLE_TELEMETRY", "1");
        assertThat(claude().maxTurns(0).maxCostUsd(0.0).build().check(DEFAULTS).agent().budget().maxTurns())
                .as("0 from an empty form field is no budget").isNull();
    }

    @Test
    void shouldRefuseAgentFieldsThatDoNotFitTheAgent() {
        assertThatThrownBy(() -> RunRequest.builder().image("i").agent("claude").build().check(DEFAULTS))
                .hasMessageStartingWith("prompt: agent 'claude' needs instructions.");
        assertThatThrownBy(() -> command("true").prompt("Fix it").build().check(DEFAULTS))
                .hasMessageStartingWith("agent: prompt, model, maxTurns, maxCostUsd, mcpConfig, agentSettings, skills and outputSchema need an agent.");
        String mcp = "{\"mcpServers\":{\"docs\":{\"command\":\"docs-server\"}}}";
        AgentCommandLine line = claude().mcpConfig(mcp).build().check(DEFAULTS).agent().commandLine(null);
        assertThat(line.argv()).containsSequence("--mcp-config", AgentCommandLine.MCP_CONFIG_TARGET);
        assertThat(line.generated()).containsEntry(AgentCommandLine.MCP_CONFIG_TARGET, mcp);
        assertThatThrownBy(() -> claude().mcpConfig("{\"servers\":{}}").build().check(DEFAULTS)).hasMessageStartingWith("mcpConfig: ")
                .hasMessageContaining("mcpServers");
        assertThatThrownBy(() -> claude().agent("codex").mcpConfig("{\"mcpServers\":{\"docs\":{\"command\":\"x\",\"oauth\":{}}}}").build()
                .check(DEFAULTS).agent().commandLine(null)).hasMessageStartingWith("mcpConfig: ").hasMessageContaining("agent: 'claude'")
                .hasMessageNotContaining("--");
        assertThatThrownBy(() -> claude().agent("codex").skills("../outside").build().check(DEFAULTS)).hasMessageStartingWith("skills: ");
    }

    @Test
    void shouldTakePlainVariablesAsNameEqualsValueAndRefuseOneTheAgentSetsItself() {
        CheckedRun run = command("true").environment(List.of("GOOGLE_GEMINI_BASE_URL=https://gateway.example", "EMPTY=")).build()
                .check(DEFAULTS);
        assertThat(run.environment()).isEqualTo(Map.of("GOOGLE_GEMINI_BASE_URL", "https://gateway.example", "EMPTY", ""));

        assertThatThrownBy(() -> command("true").environment(List.of("NOVALUE")).build().check(DEFAULTS))
                .hasMessageStartingWith("environment: 'NOVALUE' is not NAME=VALUE.");
        assertThatThrownBy(() -> command("true").environment(List.of("A=1", "A=2")).build().check(DEFAULTS))
                .hasMessageStartingWith("environment: A is set twice.");
        RunSecrets secrets = new RunSecrets();
        secrets.addVariable("GREETING", "a-secret-greeting", "greeting");
        CheckedRun greeting = command("true").environment(List.of("GREETING=hello")).build().check(DEFAULTS);
        assertThatThrownBy(() -> greeting.checkAgainst(secrets)).hasMessageStartingWith("environment: GREETING is bound as a credential too.");
        assertThatThrownBy(() -> claude().agent("opencode").environment(List.of("OPENCODE_DISABLE_PROJECT_CONFIG=")).build().check(DEFAULTS))
                .hasMessageStartingWith("environment: OPENCODE_DISABLE_PROJECT_CONFIG is set by sbx-agent");
    }

    @Test
    void shouldTreatBlankFieldsAsNotSetAsAFormSendsThem() {
        CheckedRun run = command("true").backend(" ").network("").workspaceMode("").memory(" ").agent("").model("").build().check(DEFAULTS);

        assertThat(run.backend()).isEqualTo(Backend.DOCKER);
        assertThat(run.network()).isEqualTo(NetworkMode.NONE);
        assertThat(run.agent().kind()).isEqualTo(AgentKind.COMMAND);
    }

    @Test
    void shouldCrossToTheNodeAsPlainSerializableValues() throws Exception {
        HostSettings allowlists = HostSettings.of("docker", null, List.of(), "allowlist", 120, 4, "8g", null, null, WHERE);
        CheckedRun run = claude().network("allowlist").allowHosts(List.of("api.anthropic.com")).build().check(allowlists);

        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(run);
        }
        assertThat(run.toString()).doesNotContain("Fix the failing test");
    }

    @Test
    void shouldCarryADeliveryToTheNodeAndRefuseItsFieldsInStepTerms() throws Exception {
        CheckedRun run = command("sh", "-c", "true").deliverBranch("sbx/fix").deliverIgnored(true).deliverMessage("Fix it")
                .pushRemote("origin").build().check(DEFAULTS);

        assertThat(run.delivery().branch()).isEqualTo("sbx/fix");
        assertThat(run.delivery().withIgnored()).isTrue();
        assertThat(run.delivery().subject()).isEqualTo("Fix it");
        assertThat(run.delivery().push()).isEqualTo(io.jenkins.plugins.sbxagent.engine.deliver.PushTarget.to("origin"));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(run);
        }
        assertThat(command("true").build().check(DEFAULTS).delivery()).isNull();

        assertThatThrownBy(() -> command("true").pushRemote("origin").build().check(DEFAULTS)).isInstanceOf(SpecException.class)
                .hasMessage("sbxBranch's pushRemote: takes effect only with deliver. Add deliver: sbxBranch(name: ...), or leave sbxBranch's"
                        + " pushRemote out.");
        assertThatThrownBy(() -> command("true").deliverBranch("a..b").build().check(DEFAULTS)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("deliver: 'a..b' is not a valid git branch name");
        RunSecrets login = new RunSecrets();
        login.setPushLogin("ci-bot", "ghp_token0123", "github-token");
        CheckedRun unpushed = command("true").deliverBranch("sbx/fix").build().check(DEFAULTS);
        assertThatThrownBy(() -> unpushed.checkAgainst(login)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("credentials: a push credential is bound, but no branch is pushed.");
        run.checkAgainst(login);
    }

    @Test
    void shouldCarryASessionToContinueAndRefuseOneThatCannotInStepTerms() {
        CheckedRun run = claude().resumeSession("5fad8d69-ad87-499a-87f6-6799a8439f29").forkSession(true).build().check(DEFAULTS);

        assertThat(run.session()).isEqualTo(new io.jenkins.plugins.sbxagent.engine.agent.SessionChoice("5fad8d69-ad87-499a-87f6-6799a8439f29", true));
        assertThat(claude().build().check(DEFAULTS).session()).isNull();
        assertThatThrownBy(() -> claude().forkSession(true).build().check(DEFAULTS)).isInstanceOf(SpecException.class)
                .hasMessage("forkSession: takes effect only with a session to continue. Give resumeSession, or leave it out.");
        assertThatThrownBy(() -> claude().agent("gemini").resumeSession("5fad8d69-ad87-499a-87f6-6799a8439f29").build().check(DEFAULTS))
                .isInstanceOf(SpecException.class).hasMessage("resumeSession: only claude's, codex's and opencode's sessions continue across runs."
                        + " Use one of those agents, or leave resumeSession out.");
    }
}
