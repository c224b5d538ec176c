package io.jenkins.plugins.sbxagent.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one shape a pipeline writes (.mcp.json, a settings object, a skills folder), as each agent other than Claude Code takes it. */
class AgentConfigurationTranslationTest {
    private static final String SERVERS = "{\"mcpServers\": {\"docs\": {\"command\": \"docs-server\", \"args\": [\"--stdio\"],"
            + " \"env\": {\"DOCS_TOKEN\": \"not-in-argv\"}}, \"search\": {\"type\": \"http\", \"url\": \"https://mcp.example/mcp\","
            + " \"headers\": {\"X-Team\": \"ci\"}}}}";

    @TempDir
    Path temp;

    private SkillsFolder skills() throws Exception {
        Path skill = Files.createDirectories(temp.resolve("skills/release-notes"));
        Files.writeString(skill.resolve("SKILL.md"), "---\nname: release-notes\ndescription: Write release notes\n---\n");
        Files.writeString(skill.resolve("template.md"), "# Notes\n");
        return SkillsFolder.read(temp.resolve("skills"));
    }

    private static AgentCommandLine line(AgentKind kind, String servers, String settings, SkillsFolder skills) {
        return AgentCommandLine.of(new AgentRequest(kind, "Go", null, null, null, List.of(), new AgentConfiguration(
                servers == null ? null : McpConfig.parse(servers, "--mcp-config"),
                settings == null ? null : AgentSettings.parse(settings, "--agent-settings"), skills)));
    }

    @Test
    void shouldGiveCodexItsSystemConfigTomlAndSkillsWithNothingInTheCommandLine() throws Exception {
        SkillsFolder skills = skills();

        AgentCommandLine line = line(AgentKind.CODEX, SERVERS, "{\"model\": \"gpt-5.5\", \"notify\": [\"sh\", \"-c\", \"echo done\"],"
                + " \"shell_environment_policy\": {\"inherit\": \"core\"}}", skills);

        JsonNode config = new TomlMapper().readTree(line.generated().get(CodexConfig.CONFIG));
        assertThat(config.at("/mcp_servers/docs/command").asText()).isEqualTo("docs-server");
        assertThat(config.at("/mcp_servers/docs/args/0").asText()).isEqualTo("--stdio");
        assertThat(config.at("/mcp_servers/docs/env/DOCS_TOKEN").asText()).isEqualTo("not-in-argv");
        assertThat(config.at("/mcp_servers/search/url").asText()).isEqualTo("https://mcp.example/mcp");
        assertThat(config.at("/mcp_servers/search/http_headers/X-Team").asText()).isEqualTo("ci");
        assertThat(config.at("/model").asText()).isEqualTo("gpt-5.5");
        assertThat(config.at("/notify/2").asText()).isEqualTo("echo done");
        assertThat(config.at("/shell_environment_policy/inherit").asText()).isEqualTo("core");
        assertThat(line.puts()).containsOnly(
                Map.entry(skills.folder().resolve("release-notes/SKILL.md"), CodexConfig.SKILLS + "/release-notes/SKILL.md"),
                Map.entry(skills.folder().resolve("release-notes/template.md"), CodexConfig.SKILLS + "/release-notes/template.md"));
        assertThat(String.join(" ", line.argv())).doesNotContain("not-in-argv").doesNotContain("docs-server");
        assertThat(line.environment()).doesNotContainKey("CODEX_HOME");
    }

    @Test
    void shouldRefuseWhatCodexCannotHonour() {
        assertThatThrownBy(() -> line(AgentKind.CODEX, "{\"mcpServers\": {\"events\": {\"type\": \"sse\", \"url\": \"https://x/sse\"}}}", null,
                null)).isInstanceOf(SpecException.class).hasMessageStartingWith("--mcp-config: server 'events' speaks server-sent events");
        assertThatThrownBy(() -> line(AgentKind.CODEX, null, "{\"model\": null}", null))
                .hasMessageStartingWith("--agent-settings: model is null, which config.toml cannot hold").hasMessageContaining("Leave model out");
        assertThatThrownBy(() -> line(AgentKind.CODEX, SERVERS, "{\"mcp_servers\": {\"docs\": {\"command\": \"other\"}}}", null))
                .hasMessageStartingWith("--agent-settings: sets mcp_servers.docs.command, which --mcp-config sets otherwise")
                .hasMessageNotContaining("docs-server");
        // the same server twice, the same way, is no contradiction
        assertThat(line(AgentKind.CODEX, SERVERS, "{\"mcp_servers\": {\"docs\": {\"command\": \"docs-server\"}}}", null).generated())
                .containsKey(CodexConfig.CONFIG);
    }

    @Test
    void shouldGiveOpenCodeOneConfigurationFileWithItsMcpServersSettingsAndSkills() throws Exception {
        AgentCommandLine line = line(AgentKind.OPENCODE, SERVERS, "{\"model\": \"stand-in/m1\", \"provider\": {\"stand-in\": {}}}", skills());

        assertThat(line.environment()).containsEntry("OPENCODE_CONFIG", OpenCodeConfig.CONFIG).containsEntry("OPENCODE_DISABLE_PROJECT_CONFIG", "1");
        JsonNode config = new ObjectMapper().readTree(line.generated().get(OpenCodeConfig.CONFIG));
        assertThat(config.at("/mcp/docs/type").asText()).isEqualTo("local");
        assertThat(config.at("/mcp/docs/command").toString()).isEqualTo("[\"docs-server\",\"--stdio\"]");
        assertThat(config.at("/mcp/docs/environment/DOCS_TOKEN").asText()).isEqualTo("not-in-argv");
        assertThat(config.at("/mcp/search/type").asText()).isEqualTo("remote");
        assertThat(config.at("/mcp/search/headers/X-Team").asText()).isEqualTo("ci");
        assertThat(config.at("/skills/paths").toString()).isEqualTo("[\"" + OpenCodeConfig.SKILLS + "\"]");
        assertThat(config.at("/model").asText()).isEqualTo("stand-in/m1");
        assertThat(line.puts().values()).containsExactly(OpenCodeConfig.SKILLS + "/release-notes/SKILL.md",
                OpenCodeConfig.SKILLS + "/release-notes/template.md");
        // the pipeline's variables cannot point OpenCode at another file behind sbx-agent's back
        assertThatThrownBy(() -> line.refuseOverrides(List.of("OPENCODE_CONFIG"), "--env")).hasMessageStartingWith("--env: OPENCODE_CONFIG");
        assertThatThrownBy(() -> line(AgentKind.OPENCODE, null, "{\"skills\": {\"paths\": [\"/elsewhere\"]}}", skills()))
                .hasMessageStartingWith("--agent-settings: sets skills.paths, which sbx-agent");
        // without configuration nothing is written, and OPENCODE_CONFIG stays the pipeline's to set
        AgentCommandLine bare = line(AgentKind.OPENCODE, null, null, null);
        assertThat(bare.generated()).isEmpty();
        bare.refuseOverrides(List.of("OPENCODE_CONFIG"), "--env");
    }

    @Test
    void shouldMergeThePipelinesGeminiSettingsAndServersIntoTheSystemLevel() throws Exception {
        SkillsFolder skills = skills();

        AgentCommandLine line = line(AgentKind.GEMINI, SERVERS.replace("\"type\": \"http\"", "\"type\": \"sse\""),
                "{\"hooks\": {\"SessionStart\": []}, \"privacy\": {\"usageStatisticsEnabled\": false}}", skills);

        JsonNode settings = new ObjectMapper().readTree(line.generated().get(GeminiSettings.PATH));
        assertThat(settings.at("/advanced/ignoreLocalEnv").asBoolean()).isTrue();
        assertThat(settings.at("/security/auth/selectedType").asText()).isEqualTo("gemini-api-key");
        assertThat(settings.at("/mcpServers/docs/command").asText()).isEqualTo("docs-server");
        assertThat(settings.at("/mcpServers/docs/env/DOCS_TOKEN").asText()).isEqualTo("not-in-argv");
        assertThat(settings.at("/mcpServers/search/url").asText()).isEqualTo("https://mcp.example/mcp");
        assertThat(settings.has("hooks")).isTrue();
        assertThat(line.environment()).containsEntry("GEMINI_CLI_HOME", GeminiSettings.HOME);
        assertThat(line.puts()).containsEntry(skills.folder().resolve("release-notes/SKILL.md"), "/tmp/.agents/skills/release-notes/SKILL.md");
        assertThat(line.hidden()).containsExactly(".gemini", ".agents");
        assertThat(new ObjectMapper().readTree(line(AgentKind.GEMINI, SERVERS, null, null).generated().get(GeminiSettings.PATH))
                .at("/mcpServers/search/httpUrl").asText()).isEqualTo("https://mcp.example/mcp");
        assertThat(line(AgentKind.GEMINI, SERVERS, null, null).environment()).doesNotContainKey("GEMINI_CLI_HOME");
        // sbx-agent's own settings keep the repository's .env out: the pipeline cannot quietly turn that off
        assertThatThrownBy(() -> line(AgentKind.GEMINI, null, "{\"advanced\": {\"ignoreLocalEnv\": false}}", null))
                .hasMessageStartingWith("--agent-settings: sets advanced.ignoreLocalEnv, which sbx-agent");
    }

    @Test
    void shouldRefuseAnMcpServerAnotherAgentWouldRunWithoutPartOfIt() {
        assertThatThrownBy(() -> line(AgentKind.OPENCODE, "{\"mcpServers\": {\"docs\": {\"command\": \"x\", \"oauth\": {}}}}", null, null))
                .hasMessageStartingWith("--mcp-config: server 'docs' has \"oauth\", which sbx-agent does not pass on to opencode")
                .hasMessageContaining("--agent claude");
        assertThatThrownBy(() -> line(AgentKind.GEMINI, "{\"mcpServers\": {\"docs\": {\"args\": []}}}", null, null))
                .hasMessageStartingWith("--mcp-config: server 'docs' has no \"command\"");
        assertThatThrownBy(() -> line(AgentKind.CODEX, "{\"mcpServers\": {\"docs\": {\"command\": \"x\", \"args\": [1]}}}", null, null))
                .hasMessageContaining("\"args\" is not an array of strings");
        assertThatThrownBy(() -> line(AgentKind.CODEX, "{\"mcpServers\": {\"docs\": {\"command\": \"x\", \"env\": {\"A\": 1}}}}", null, null))
                .hasMessageContaining("\"env\" is not an object of strings");
        assertThatThrownBy(() -> line(AgentKind.CODEX, "{\"mcpServers\": {\"a.b\": {\"command\": \"x\"}}}", null, null))
                .hasMessageContaining("server 'a.b' has a name codex may not take");
        assertThatThrownBy(() -> line(AgentKind.CODEX, "{\"mcpServers\": {\"docs\": {\"type\": \"ws\", \"url\": \"x\"}}}", null, null))
                .hasMessageContaining("has type 'ws'");
        // Claude Code reads the file as it is, with whatever else it understands
        assertThat(line(AgentKind.CLAUDE, "{\"mcpServers\": {\"docs\": {\"command\": \"x\", \"oauth\": {}}}}", null, null).generated())
                .containsKey(AgentCommandLine.MCP_CONFIG_TARGET);
        assertThat(McpConfig.parse(SERVERS, "--mcp-config").servers("codex").toString()).doesNotContain("not-in-argv");
    }
}
