package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentConfiguration;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.AgentSettings;
import io.jenkins.plugins.sbxagent.engine.agent.McpConfig;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI in the sandbox, against a scripted stand-in of the Anthropic Messages API
 * that it reaches through the network allow-list and nothing else. The script makes the agent write
 * a file, run a shell command and finish.
 */
class ClaudeCodeITest {
    static final String IMAGE = ModelApiStandIn.IMAGE;
    static final Path CLAUDE = Path.of("/var/cache/sbx-agent/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude");
    private static final String FAKE_KEY = "sk-ant-stand-in-0123456789abcdef";

    @TempDir
    static Path shared;

    static ModelApiStandIn modelApi;

    @TempDir
    Path temp;

    @BeforeAll
    static void startTheModelApi() throws Exception {
        ModelApiStandIn.requireParts(IMAGE, CLAUDE);
        modelApi = ModelApiStandIn.start("claude", "write-run-finish.json", shared);
    }

    @AfterAll
    static void stopTheModelApi() throws Exception {
        if (modelApi != null) {
            modelApi.close();
        }
    }

    @Test
    void shouldRunTheRealClaudeCodeThroughTheAllowListAndReportWhatItDid() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        // the repository's own agent configuration is untrusted input: its hook must not run, its MCP server must not start,
        // its skill must not load
        Files.createDirectories(workspace.resolve(".claude"));
        Files.writeString(workspace.resolve(".claude/settings.json"), "{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"*\",\"hooks\":"
                + "[{\"type\":\"command\",\"command\":\"echo ran > /workspace/hook-ran\"}]}]}}\n");
        Files.writeString(workspace.resolve(".mcp.json"), "{\"mcpServers\":{\"planted\":{\"command\":\"sh\",\"args\":[\"-c\","
                + "\"echo started > /workspace/mcp-started\"]}}}\n");
        Files.createDirectories(workspace.resolve(".claude/skills/planted"));
        Files.writeString(workspace.resolve(".claude/skills/planted/SKILL.md"), "---\nname: planted\ndescription: From the repository\n---\n");
        Workspaces.chownToAgent(workspace);
        // the pipeline's settings and skills do cross in: its hook runs, its skill is listed
        AgentSettings settings = AgentSettings.parse("{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Bash\",\"hooks\":"
                + "[{\"type\":\"command\",\"command\":\"echo ran > /workspace/deliberate-hook-ran\"}]}]}}", "--agent-settings");
        Path skill = Files.createDirectories(temp.resolve("skills/release-notes"));
        Files.writeString(skill.resolve("SKILL.md"), "---\nname: release-notes\ndescription: Write the release notes\n---\nList the changes.\n");
        // the pipeline's own MCP configuration does cross in: its server starts (and, being no real server, fails the handshake)
        Path mcpConfig = Files.writeString(temp.resolve("mcp.json"), "{\"mcpServers\":{\"deliberate\":{\"command\":\"sh\",\"args\":[\"-c\","
                + "\"echo started > /workspace/deliberate-mcp-started\"]}}}\n");
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Create hello.txt, then run a command.", null, 8, null,
                List.of(), new AgentConfiguration(McpConfig.read(mcpConfig), settings, SkillsFolder.read(temp.resolve("skills")))));
        RunSpec.Builder spec = RunSpec.builder().withWorkspace(workspace).withOutputs(temp.resolve("out"))
                .withWorkRoot(Files.createDirectories(temp.resolve("work"))).withImage(IMAGE).withTenant("tests/claude-code")
                .withCommand(line.argv()).withPut(CLAUDE, "/usr/local/bin/claude")
                .withNetwork(NetworkMode.ALLOWLIST).withAllowHost(modelApi.hostAndPort()).withEgressNetwork(modelApi.network)
                .withSecretEnv("ANTHROPIC_API_KEY", FAKE_KEY);
        // the key gateway holds the key, by default: the base URL given becomes its upstream
        ProviderKeys.Routing routing = ProviderKeys.route(AgentKind.CLAUDE, NetworkMode.ALLOWLIST, Backend.DOCKER, List.of("ANTHROPIC_API_KEY"),
                java.util.Map.of("ANTHROPIC_BASE_URL", modelApi.url()), ProviderKeys.Choice.DEFAULT);
        routing.applyTo(spec);
        line.environment().forEach(spec::withEnv);
        line.generated().forEach(spec::withGeneratedFile);
        line.puts().forEach(spec::withPut);

        RunResult result = new AgentRun(spec.build(), AgentKind.CLAUDE, Policy.strict(), RuleBook.shipped(), DockerEngine.cli(),
                RunListener.SILENT, Clock.systemUTC()).call();

        Path out = result.outputs();
        String log = Files.readString(out.resolve(RunOutputs.AGENT_LOG));
        assertThat(result.outcome()).as("%s; agent.log: %s", result.error(), log).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.changes()).extracting(Change::path).contains("hello.txt", "bash.txt", "deliberate-mcp-started", "deliberate-hook-ran")
                .doesNotContain("hook-ran", "mcp-started");
        assertThat(Files.readString(out.resolve(RunOutputs.DIFF))).contains("+Hello from the stand-in model").contains("+done");
        List<String> events = Files.readAllLines(out.resolve(RunOutputs.EVENTS));
        assertThat(events.get(0)).contains("\"subtype\":\"init\"").contains("\"name\":\"deliberate\"")
                .contains(AgentCommandLine.SKILLS_PLUGIN_NAME + ":release-notes").doesNotContain("planted");
        assertThat(events.get(events.size() - 1)).contains("\"type\":\"result\"").contains("\"subtype\":\"success\"");
        JsonNode usage = new ObjectMapper().readTree(out.resolve(RunOutputs.USAGE).toFile());
        assertThat(usage.get("succeeded").asBoolean()).isTrue();
        assertThat(usage.get("turns").asInt()).isEqualTo(3);
        assertThat(usage.get("finalMessage").asText()).isEqualTo("All done.");
        assertThat(result.finalMessage()).contains("All done.");
        assertThat(result.sessionId()).as("the session the real CLI named").isPresent();
        assertThat(usage.get("sessionId").asText()).isEqualTo(result.sessionId().orElseThrow());
        assertThat(Files.readString(out.resolve(RunOutputs.NETWORK_LOG))).contains(modelApi.hostAndPort()).doesNotContain("DENIED");
        assertThat(result.gate()).isNotNull();
        assertThat(new ObjectMapper().readTree(out.resolve(RunOutputs.AUDIT).toFile()).path("generated").toString())
                .as("the MCP configuration and settings crossed in deliberately, recorded by hash").contains(AgentCommandLine.MCP_CONFIG_TARGET)
                .contains(AgentCommandLine.SETTINGS_TARGET)
                .contains("sha256");
        assertThat(modelApi.credentials()).as("the stand-in got the real key on every request, through the gateway").isNotEmpty()
                .allMatch(FAKE_KEY::equals);
        // the review page of the real run, in the real browser: the conversation with its tool calls, and no key
        Chromium.Page page = ReviewPageITest.checkPage(out, "claude-code", FAKE_KEY);
        assertThat(page.dom()).containsSubsequence("id=\"conversation\"", "Write", "hello.txt", "Bash", "echo done", "All done.")
                .contains("hello.txt");
        for (String output : List.of(RunOutputs.AGENT_LOG, RunOutputs.EVENTS, RunOutputs.USAGE, RunOutputs.AUDIT, RunOutputs.REVIEW)) {
            assertThat(Files.readString(out.resolve(output))).as(output).doesNotContain(FAKE_KEY);
        }
    }
}
