package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxContractDouble;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxNames;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxReaper;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxSandbox;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker Sandboxes lifecycle (create, network rules, proxy secrets, exec, rm, gc) through the sbx
 * contract test double, which implements the documented sbx subset on the real Docker engine: the real
 * sbx needs KVM and a Docker account, which these machines do not have.
 */
class SbxSandboxITest {
    @TempDir
    Path temp;

    private Path double_;
    private SbxCli cli;

    @BeforeEach
    void installTheDouble() throws Exception {
        DockerEngine.require();
        double_ = SbxContractDouble.installReady(temp.resolve("sbx"));
        cli = new SbxCli(new ProcessCommandRunner(), double_.toString(), Duration.ofSeconds(60));
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        new SbxReaper(cli).removeCreatedBefore(Instant.now().plusSeconds(3600));
    }

    private JsonNode state() throws Exception {
        return new ObjectMapper().readTree(double_.resolveSibling("state.json").toFile());
    }

    @Test
    void shouldRunInAClosedSandboxAndPassOnTheExitCodeAndOutput() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        Files.writeString(workspace.resolve("notes.txt"), "one\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String name = SbxNames.forRun("it-1");

        try (SbxSandbox sandbox = new SbxSandbox(cli, name)) {
            sandbox.create(AgentKind.COMMAND, workspace, false, null, 1, 256L << 20);
            sandbox.denyAll();
            OptionalInt exit = sandbox.exec(null, workspace.toString(), List.of("sh", "-c", "echo two >> notes.txt; echo out; echo err >&2;"
                    + " wget -q -T 2 -O /dev/null http://example.com 2>/dev/null || echo offline; exit 3"), out, err, Duration.ofSeconds(60));

            assertThat(exit).hasValue(3);
            assertThat(sandbox.exists()).isTrue();
            assertThat(state().at("/sandboxes/" + name + "/rules").toString()).isEqualTo("[{\"decision\":\"deny\",\"resource\":\"**\"}]");
        }

        assertThat(new SbxSandbox(cli, name).exists()).as("gone once closed").isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\noffline\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(Files.readString(workspace.resolve("notes.txt"))).isEqualTo("one\ntwo\n");
        assertThat(state().path("sandboxes").has(name)).as("removed").isFalse();
        assertThat(DockerEngine.docker("ps", "-a", "--filter", "name=sbx-double-" + name, "--format", "{{.Names}}").stdout()).isBlank();
    }

    @Test
    void shouldOpenTheNetworkPerSandboxAndHandSecretsToTheProxyOnStandardInput() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        assertThat(new ProcessBuilder("git", "init", "-q", workspace.toString()).start().waitFor()).isZero();
        String name = SbxNames.forRun("it-2");
        String key = "sk-ant-stand-in-0123456789";

        try (SbxSandbox sandbox = new SbxSandbox(cli, name)) {
            sandbox.create(AgentKind.CLAUDE, workspace, true, null, 0, 0);
            sandbox.allow(List.of("api.anthropic.com", "registry.npmjs.org:443"));
            Path config = Files.writeString(temp.resolve("mcp.json"), "{\"mcpServers\": {}}\n");
            sandbox.put(config, "/run/sbx-agent/mcp.json");
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            assertThat(sandbox.exec(null, null, List.of("cat", "/run/sbx-agent/mcp.json"), read, new ByteArrayOutputStream(),
                    Duration.ofSeconds(60))).hasValue(0);
            assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("{\"mcpServers\": {}}\n");
            sandbox.secret("anthropic", key);

            assertThat(state().at("/sandboxes/" + name + "/rules").toString()).contains("\"allow\"").contains("api.anthropic.com")
                    .contains("registry.npmjs.org:443");
            assertThat(state().at("/sandboxes/" + name + "/secrets/anthropic").asInt()).isEqualTo(key.length());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(sandbox.exec(null, null, List.of("touch", "/run/sandbox/source/x"), new ByteArrayOutputStream(), err,
                    Duration.ofSeconds(60))).as("clone mode mounts the repository read-only").isNotEqualTo(OptionalInt.of(0));
        }

        assertThat(Files.readString(double_.resolveSibling("calls.log"))).as("never in an argument vector").doesNotContain(key);
    }

    @Test
    void shouldStopAnExecPastItsTimeoutAndStillRemoveTheSandbox() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        String name = SbxNames.forRun("it-3");

        try (SbxSandbox sandbox = new SbxSandbox(cli, name)) {
            sandbox.create(AgentKind.COMMAND, workspace, false, null, 0, 0);
            assertThat(sandbox.exec(null, null, List.of("sleep", "120"), new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                    Duration.ofSeconds(2))).isEmpty();
        }

        assertThat(state().path("sandboxes").has(name)).isFalse();
    }

    @Test
    void shouldRemoveOnlySbxAgentsOwnLeftovers() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        new SbxSandbox(cli, SbxNames.forRun("crashed")).create(AgentKind.COMMAND, workspace, false, null, 0, 0);
        SbxSandbox someonesOwn = new SbxSandbox(cli, "claude-my-project");
        someonesOwn.create(AgentKind.CLAUDE, workspace, false, null, 0, 0);
        try {
            assertThat(new SbxReaper(cli).removeCreatedBefore(Instant.now().minusSeconds(3600))).as("nothing that old").isEmpty();
            assertThat(new SbxReaper(cli).removeCreatedBefore(Instant.now().plusSeconds(60))).containsExactly(SbxNames.forRun("crashed"));
            assertThat(state().path("sandboxes").has("claude-my-project")).isTrue();
        } finally {
            someonesOwn.close();
        }
    }

    @Test
    void shouldNameWhatFailedWhenASandboxCannotBeMade() throws Exception {
        SbxSandbox sandbox = new SbxSandbox(cli, SbxNames.forRun("it-5"));

        assertThatThrownBy(() -> sandbox.create(AgentKind.COMMAND, temp.resolve("ws"), false, "sbx-agent/no-such-template:0", 0, 0))
                .isInstanceOf(SandboxException.class).hasMessageContaining("create --name " + SbxNames.forRun("it-5"))
                .hasMessageContaining("failed with exit code 1");
        sandbox.close();
    }
}
