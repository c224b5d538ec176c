package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests: every sbx command line the engine builds, option by option. */
class SbxCommandsTest {
    private final SbxCommands sbx = new SbxCommands("/usr/bin/sbx");

    @Test
    void shouldCreateInCloneModeWithTheRunsTemplateAndLimits() {
        assertThat(sbx.create("sbx-agent-b7-1a2b3c", AgentKind.CLAUDE, Path.of("/ws/private"), true, "docker/sandbox-templates:claude-code",
                2, 4L << 30)).containsExactly("/usr/bin/sbx", "create", "--name", "sbx-agent-b7-1a2b3c", "--quiet", "--clone", "--template",
                "docker/sandbox-templates:claude-code", "--cpus", "2", "--memory", "4096m", "claude", "/ws/private");
    }

    @Test
    void shouldCreateAMountedShellSandboxForAPlainCommandWithTheDefaults() {
        assertThat(sbx.create("n", AgentKind.COMMAND, Path.of("/ws"), false, null, 1.5, 0))
                .containsExactly("/usr/bin/sbx", "create", "--name", "n", "--quiet", "--cpus", "1.50", "shell", "/ws");
        assertThat(List.of(AgentKind.values())).extracting(SbxCommands::sandboxAgent)
                .containsExactly("claude", "codex", "gemini", "opencode", "shell");
    }

    @Test
    void shouldScopeNetworkRulesAndSecretsToTheSandbox() {
        assertThat(sbx.allow("n", "api.anthropic.com:443")).containsExactly("/usr/bin/sbx", "policy", "allow", "network", "--sandbox", "n",
                "api.anthropic.com:443");
        assertThat(sbx.denyAll("n")).containsExactly("/usr/bin/sbx", "policy", "deny", "network", "--sandbox", "n", "**");
        assertThat(sbx.secret("anthropic", "n")).containsExactly("/usr/bin/sbx", "secret", "set", "anthropic", "--sandbox", "n", "--force");
    }

    @Test
    void shouldExecWithTheEnvironmentInAFileAndTheCommandLast() {
        assertThat(sbx.exec("n", Path.of("/private/env"), "/ws/private", List.of("claude", "-p", "--help")))
                .containsExactly("/usr/bin/sbx", "exec", "--env-file", "/private/env", "--workdir", "/ws/private", "n", "claude", "-p", "--help");
        assertThat(sbx.exec("n", null, null, List.of("true"))).containsExactly("/usr/bin/sbx", "exec", "n", "true");
        assertThat(sbx.execAsRoot("n", List.of("mkdir", "-p", "/run/sbx-agent"))).containsExactly("/usr/bin/sbx", "exec", "--user", "root", "n",
                "mkdir", "-p", "/run/sbx-agent");
        assertThat(sbx.secretRemove("anthropic", "n")).containsExactly("/usr/bin/sbx", "secret", "rm", "anthropic", "--sandbox", "n", "--force");
    }

    @Test
    void shouldReadTokensFromStandardInputAndListAsJson() {
        assertThat(sbx.login("ci-bot")).containsExactly("/usr/bin/sbx", "login", "--username", "ci-bot", "--password-stdin");
        assertThat(sbx.list()).containsExactly("/usr/bin/sbx", "ls", "--json");
        assertThat(sbx.policies()).containsExactly("/usr/bin/sbx", "policy", "ls", "--json");
        assertThat(sbx.remove("n")).containsExactly("/usr/bin/sbx", "rm", "--force", "n");
        assertThat(sbx.copyIn("n", Path.of("/private/put/0"), "/run/sbx-agent/mcp.json"))
                .containsExactly("/usr/bin/sbx", "cp", "/private/put/0", "n:/run/sbx-agent/mcp.json");
        assertThat(sbx.version()).containsExactly("/usr/bin/sbx", "version");
    }

    @Test
    void shouldNameSandboxesSoThatGcKnowsThemAndNoTwoRunsShareOne() {
        assertThat(SbxNames.forRun("b7-1a2b_3c")).isEqualTo("sbx-agent-b7-1a2b+3c").matches("[A-Za-z0-9.+-]+");
        assertThat(SbxNames.runIdOf("sbx-agent-b7-1a2b+3c")).contains("b7-1a2b_3c");
        assertThat(SbxNames.runIdOf("claude-myproject")).isEmpty();
        assertThat(SbxNames.runIdOf(SbxNames.PREFIX)).isEmpty();
        assertThat(SbxSecrets.serviceOf("ANTHROPIC_API_KEY")).contains("anthropic");
        assertThat(SbxSecrets.serviceOf("CODEX_API_KEY")).as("not a variable sbx's proxy serves").isEmpty();
    }
}
