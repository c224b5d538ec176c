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
    void shouldCoverTheSkillsCodexWouldListFromTheRepository() {
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CODEX, "Fix it", null, null, null, List.of()));

        assertThat(line.hidden()).containsExactly(".codex", ".agents");
        assertThat(line.generated()).isEmpty();
    }

    @Test
    void shouldRunGeminiHeadless() {
        assertThat(AgentCommandLine.of(new AgentRequest(AgentKind.GEMINI, "Fix it", null, null, null, List.of())).argv())
                .containsExactly("gemini", "-p", "Fix it", "--output-format", "stream-json", "--yolo");
    }

    @Test
    void shouldRunOpenCodeWithJsonEventsAndWithoutTheRepositorysConfiguration() {
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.OPENCODE, "Fix it", "anthropic/claude-sonnet-5", null, null,
                List.of()));

        assertThat(line.argv()).containsExactly("opencode", "run", "--format", "json", "--auto", "--model", "anthropic/claude-sonnet-5", "--",
                "Fix it");
        assertThat(line.environment()).containsEntry("OPENCODE_DISABLE_PROJECT_CONFIG", "1").containsEntry("OPENCODE_DISABLE_CLAUDE_CODE", "1")
                .containsEntry("OPENCODE_DISABLE_EXTERNAL_SKILLS", "1").containsEntry("OPENCODE_DISABLE_AUTOUPDATE", "1");
        assertThat(line.hidden()).containsExactly("opencode.json", "opencode.jsonc", ".opencode");
    }

    @Test
    void shouldRefuseAVariableThatWouldUndoWhatSbxAgentSets() {
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.OPENCODE, "Fix it", null, null, null, List.of()));

        assertThatThrownBy(() -> line.refuseOverrides(List.of("OPENCODE_CONFIG_CONTENT", "OPENCODE_DISABLE_PROJECT_CONFIG"), "--env"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("--env: OPENCODE_DISABLE_PROJECT_CONFIG is set by sbx-agent");
        line.refuseOverrides(List.of("OPENCODE_CONFIG_CONTENT"), "--env");
        // where the agent's sessions are kept is sbx-agent's to say too
        assertThatThrownBy(() -> line.refuseOverrides(List.of("XDG_DATA_HOME"), "--env")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--env: XDG_DATA_HOME is set by sbx-agent");
        AgentCommandLine codex = AgentCommandLine.of(new AgentRequest(AgentKind.CODEX, "Fix it", null, null, null, List.of()));
        assertThatThrownBy(() -> codex.refuseOverrides(List.of("CODEX_HOME"), "environment")).isInstanceOf(SpecException.class);
        AgentCommandLine.of(new AgentRequest(AgentKind.GEMINI, "Fix it", null, null, null, List.of())).refuseOverrides(List.of("XDG_DATA_HOME"), "--env");
    }

    @Test
    void shouldTrustTheFolderForGeminiOnlyWithItsConfigurationCovered() {
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.GEMINI, "Fix it", null, null, null, List.of()));

        assertThat(line.environment()).containsEntry("GEMINI_CLI_TRUST_WORKSPACE", "true")
                .containsEntry("GEMINI_CLI_SYSTEM_SETTINGS_PATH", AgentCommandLine.GEMINI_SYSTEM_SETTINGS);
        assertThat(line.hidden()).containsExactly(".gemini", ".agents");
        assertThat(line.generated().get(AgentCommandLine.GEMINI_SYSTEM_SETTINGS)).contains("\"ignoreLocalEnv\":true")
                .contains("\"usageStatisticsEnabled\":false");
        assertThat(line.puts()).isEmpty();
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
                .containsExactly("opencode", "run", "--format", "json", "--auto", "--", "Fix it");
    }

    @Test
    void shouldGenerateADeliberateMcpConfigurationAndPointClaudeCodeAtIt(@TempDir Path temp) throws Exception {
        String servers = "{\"mcpServers\":{\"docs\":{\"command\":\"docs-server\"}}}";
        Path config = Files.writeString(temp.resolve("mcp.json"), servers);

        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Go", null, null, null, List.of(),
                AgentConfiguration.of(McpConfig.read(config))));

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
        assertThatThrownBy(() -> new AgentRequest(AgentKind.COMMAND, "Go", null, null, null, List.of(), AgentConfiguration.of(servers)))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("--mcp-config: a plain command takes no agent configuration");
        assertThat(servers.toString()).doesNotContain("mcpServers");
    }

    @Test
    void shouldGiveClaudeCodeThePipelinesSettingsAndSkillsAsFilesOfTheirOwn(@TempDir Path temp) throws Exception {
        Path skills = Files.createDirectories(temp.resolve("skills/release-notes"));
        Files.writeString(skills.resolve("SKILL.md"), "---\nname: release-notes\ndescription: Write release notes\n---\n");
        Files.writeString(skills.resolve("template.md"), "# Notes\n");
        AgentConfiguration configuration = new AgentConfiguration(null, AgentSettings.parse("{\"permissions\":{}}", "--agent-settings"),
                SkillsFolder.read(temp.resolve("skills")));

        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Go", null, null, null, List.of(), configuration));

        assertThat(line.argv()).endsWith("--strict-mcp-config", "--settings", AgentCommandLine.SETTINGS_TARGET, "--plugin-dir",
                AgentCommandLine.SKILLS_PLUGIN);
        assertThat(line.generated()).containsEntry(AgentCommandLine.SETTINGS_TARGET, "{\"permissions\":{}}")
                .containsKey(AgentCommandLine.SKILLS_PLUGIN + "/.claude-plugin/plugin.json");
        assertThat(line.puts()).containsOnly(
                Map.entry(skills.resolve("SKILL.md"), AgentCommandLine.SKILLS_PLUGIN + "/skills/release-notes/SKILL.md"),
                Map.entry(skills.resolve("template.md"), AgentCommandLine.SKILLS_PLUGIN + "/skills/release-notes/template.md"));
        assertThatThrownBy(() -> AgentSettings.parse("[1]", "agentSettings")).hasMessageStartingWith("agentSettings: is not a JSON object");
    }

    @Test
    void shouldRefuseASkillsFolderThatIsNotJustSkills(@TempDir Path temp) throws Exception {
        Path noSkill = Files.createDirectories(temp.resolve("none/notes"));
        Files.writeString(noSkill.resolve("README.md"), "no SKILL.md here");
        Path loose = Files.createDirectories(temp.resolve("loose/a"));
        Files.writeString(loose.resolve("SKILL.md"), "---\nname: a\n---\n");
        Files.writeString(temp.resolve("loose/README.md"), "beside the skills");
        Path linked = Files.createDirectories(temp.resolve("linked/a"));
        Files.writeString(linked.resolve("SKILL.md"), "---\nname: a\n---\n");
        Files.createSymbolicLink(linked.resolve("key"), Path.of("/etc/passwd"));
        Path oddName = Files.createDirectories(temp.resolve("odd/a"));
        Files.writeString(oddName.resolve("SKILL.md"), "---\nname: a\n---\n");
        Files.writeString(oddName.resolve("x,y\".md"), "");

        assertThatThrownBy(() -> SkillsFolder.read(temp.resolve("none"))).hasMessageStartingWith("--skills: ").hasMessageContaining("no skill");
        assertThatThrownBy(() -> SkillsFolder.read(temp.resolve("linked"))).hasMessageContaining("a/key is a link");
        assertThatThrownBy(() -> SkillsFolder.read(temp.resolve("odd"))).hasMessageContaining("has a name sbx-agent does not pass on");
        assertThatThrownBy(() -> SkillsFolder.read(temp.resolve("missing"))).hasMessageContaining("is not a folder");
        // what a checkout brings besides the skills stays behind: .git, dot files, a README beside them
        Files.writeString(Files.createDirectories(temp.resolve("loose/.git/objects")).resolve("pack"), "x");
        Files.writeString(temp.resolve("loose/a/.gitkeep"), "");
        Files.writeString(Files.createDirectories(temp.resolve("loose/b/scripts")).resolve("run.sh"), "echo b\n");
        Files.writeString(temp.resolve("loose/b/SKILL.md"), "---\nname: b\n---\n");
        SkillsFolder fine = SkillsFolder.read(temp.resolve("loose"));
        assertThat(fine.skills()).containsExactly("a", "b");
        assertThat(fine.files()).containsExactly("a/SKILL.md", "b/SKILL.md", "b/scripts/run.sh");
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
