package io.jenkins.plugins.sbxagent.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandLineTest {
    @Test
    void shouldRunClaudeCodeHeadlessWithStreamJsonAndItsBudgets() {
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Fix the failing test", "claude-opus-5-5", 20, 2.5,
                List.of("--append-system-prompt", "Be brief.")));

        assertThat(line.argv()).containsExactly("claude", "-p", "Fix the failing test", "--output-format", "stream-json", "--verbose",
                "--dangerously-skip-permissions", "--model", "claude-opus-5-5", "--max-turns", "20", "--max-budget-usd", "2.50",
                "--setting-sources", "user", "--strict-mcp-config", "--append-system-prompt", "Be brief.");
        assertThat(line.environment()).containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1").containsEntry("DISABLE_TELEMETRY", "1")
                .containsEntry("DISABLE_AUTOUPDATER", "1").doesNotContainKey("ANTHROPIC_API_KEY");
    }

    @Test
    void shouldRunClaudeCodeWithItsDefaults() {
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Go", null, null, null, List.of())).argv())
                .containsExactly("claude", "-p", "Go", "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions",
                        "--setting-sources", "user", "--strict-mcp-config");
    }

    @Test
    void shouldRunCodexExecWithThePromptAfterTheFlags() {
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.CODEX, "-rf looks like a flag", "gpt-5-codex", null, null, List.of())).argv())
                .containsExactly("codex", "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", "--color",
                        "never", "-c", "analytics.enabled=false", "--disable", "plugins", "--model", "gpt-5-codex", "--", "-rf looks like a flag");
    }

    @Test
    void shouldRunGeminiHeadless() {
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.GEMINI, "Fix it", null, null, null, List.of())).argv())
                .containsExactly("gemini", "-p", "Fix it", "--output-format", "stream-json", "--yolo");
    }

    @Test
    void shouldRunOpenCodeWithJsonEvents() {
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.OPENCODE, "Fix it", "anthropic/claude-sonnet-5", null, null, List.of())).argv())
                .containsExactly("opencode", "run", "--format", "json", "--model", "anthropic/claude-sonnet-5", "--", "Fix it");
    }

    @Test
    void shouldRefuseACostBudgetForAnAgentThatReportsNoCost() {
        assertThatThrownBy(() -> AgentCommandLine.of(new AgentRequest(AgentKind.CODEX, "x", null, null, 1.0, List.of())))
                .isInstanceOf(SpecException.class).hasMessageContaining("--max-cost-usd").hasMessageContaining("--timeout");
        assertThatThrownBy(() -> AgentCommandLine.of(new AgentRequest(AgentKind.GEMINI, "x", null, null, 1.0, List.of())))
                .isInstanceOf(SpecException.class).hasMessageContaining("--max-cost-usd");
    }

    @Test
    void shouldLeaveATurnBudgetOfAnAgentWithoutSuchAFlagToSbxAgent() {
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.CODEX, "Fix it", null, 5, null, List.of())).argv())
                .containsExactly("codex", "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check", "--color",
                        "never", "-c", "analytics.enabled=false", "--disable", "plugins", "--", "Fix it");
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.OPENCODE, "Fix it", null, 5, 1.0, List.of())).argv())
                .containsExactly("opencode", "run", "--format", "json", "--", "Fix it");
    }

    @Test
    void shouldGenerateADeliberateMcpConfigurationAndPointClaudeCodeAtIt(@TempDir Path temp) throws Exception {
        String servers = "{\"mcpServers\":{\"docs\":{\"command\":\"docs-server\"}}}";
        Path config = Files.writeString(temp.resolve("mcp.json"), servers);

        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Go", null, null, null, List.of(),
                McpConfig.read(config)));

        assertThat(line.argv()).endsWith("--setting-sources", "user", "--strict-mcp-config", "--mcp-config", AgentCommandLine.MCP_CONFIG_TARGET);
        assertThat(line.generated()).containsExactly(Map.entry(AgentCommandLine.MCP_CONFIG_TARGET, servers));
    }

    @Test
    void shouldRefuseAnMcpConfigurationClaudeCodeCouldNotRead(@TempDir Path temp) throws Exception {
        Path notJson = Files.writeString(temp.resolve("a.json"), "mcpServers: {}");
        Path noServers = Files.writeString(temp.resolve("b.json"), "{\"servers\":{}}");

        assertThatThrownBy(() -> McpConfig.read(notJson)).isInstanceOf(SpecException.class).hasMessageStartingWith("--mcp-config: ")
                .hasMessageContaining("is not JSON").hasMessageContaining("mcpServers");
        assertThatThrownBy(() -> McpConfig.read(noServers)).hasMessageStartingWith("--mcp-config: ").hasMessageContaining("no \"mcpServers\"");
        assertThatThrownBy(() -> McpConfig.read(temp.resolve("missing.json"))).hasMessageStartingWith("--mcp-config: ")
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> McpConfig.parse("[]", "mcpConfig")).hasMessageStartingWith("mcpConfig: ");
        McpConfig servers = McpConfig.parse("{\"mcpServers\":{}}", "mcpConfig");
        assertThatThrownBy(() -> new AgentRequest(AgentKind.CODEX, "Go", null, null, null, List.of(), servers))
                .isInstanceOf(SpecException.class).hasMessageContaining("--mcp-config").hasMessageContaining("--agent claude");
        assertThat(servers.toString()).doesNotContain("mcpServers");
    }

    @Test
    void shouldRefuseAnAgentWithoutInstructionsOrWithBadBudgets() {
        assertThatThrownBy(() -> new AgentRequest(AgentKind.CLAUDE, " ", null, null, null, List.of())).hasMessageContaining("--prompt");
        assertThatThrownBy(() -> new AgentRequest(AgentKind.CLAUDE, "x", null, 0, null, List.of())).hasMessageContaining("--max-turns");
        assertThatThrownBy(() -> new AgentRequest(AgentKind.CLAUDE, "x", null, null, -1.0, List.of())).hasMessageContaining("--max-cost-usd");
        assertThatThrownBy(() -> AgentKind.parse("--agent", "copilot")).hasMessageContaining("claude, codex, gemini, opencode, command");
    }

    @Test
    void shouldNameTheKeyVariablesOfEachAgent() {
        assertThat(AgentKind.CLAUDE.keyVariables()).contains("ANTHROPIC_API_KEY");
        assertThat(AgentKind.CODEX.keyVariables()).contains("OPENAI_API_KEY");
        assertThat(AgentKind.GEMINI.keyVariables()).containsExactly("GEMINI_API_KEY");
        assertThat(AgentKind.COMMAND.keyVariables()).isEmpty();
    }
}
