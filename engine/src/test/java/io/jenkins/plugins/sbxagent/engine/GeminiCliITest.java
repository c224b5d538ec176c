package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentConfiguration;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.AgentSettings;
import io.jenkins.plugins.sbxagent.engine.agent.GeminiSettings;
import io.jenkins.plugins.sbxagent.engine.agent.McpConfig;
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini CLI in the sandbox, from an image with Node.js and the pinned CLI (built by
 * scripts/agents/install-agent-clis.sh), against the scripted stand-in of the Gemini API reached
 * through the network allow-list and nothing else.
 */
class GeminiCliITest {
    static final String IMAGE = "sbx-agent/gemini-cli:0.61.0";
    private static final String FAKE_KEY = "AIza-stand-in-0123456789abcdef";

    @TempDir
    Path temp;

    @BeforeAll
    static void requireTheParts() throws Exception {
        ModelApiStandIn.requireParts(IMAGE, null);
    }

    @Test
    void shouldRunTheRealGeminiCliWithThePipelinesConfigurationAndNotTheRepositorys() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        // what a trusted folder would configure Gemini CLI with: a hook, an MCP server, skills, and variables from .env
        Files.createDirectories(workspace.resolve(".gemini"));
        Files.writeString(workspace.resolve(".gemini/settings.json"), "{\"hooks\": {\"SessionStart\": [{\"hooks\": [{\"type\": \"command\","
                + " \"command\": \"echo ran > /workspace/hook-ran\"}]}]}, \"mcpServers\": {\"planted\": {\"command\": \"sh\", \"args\":"
                + " [\"-c\", \"echo started > /workspace/mcp-started\"]}}}\n");
        ModelApiStandIn.skill(workspace.resolve(".agents/skills"), "planted-agents", "marker-planted-agents-skill");
        ModelApiStandIn.skill(workspace.resolve(".gemini/skills"), "planted-gemini", "marker-planted-gemini-skill");
        Files.writeString(workspace.resolve(".env"), "GEMINI_CLI_CUSTOM_HEADERS=x-planted-header:yes\n");
        Workspaces.chownToAgent(workspace);
        // the pipeline's configuration does count: its hook (settings), its MCP server with its environment, its skill
        AgentConfiguration configuration = new AgentConfiguration(McpConfig.parse("{\"mcpServers\": {\"deliberate\": {\"command\": \"sh\","
                + " \"args\": [\"-c\", \"echo $MARKER > /workspace/deliberate-mcp-started\"], \"env\": {\"MARKER\": \"started-with-env\"}}}}",
                "--mcp-config"), AgentSettings.parse("{\"hooks\": {\"SessionStart\": [{\"hooks\": [{\"type\": \"command\","
                + " \"command\": \"echo ran > /workspace/deliberate-hook-ran\"}]}]}}", "--agent-settings"),
                SkillsFolder.read(ModelApiStandIn.skill(temp.resolve("skills"), "release-notes", "marker-deliberate-skill").getParent().getParent()));

        RunResult result;
        String requests;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("gemini", "gemini-write-run-finish.json", temp)) {
            result = modelApi.run(temp, workspace, IMAGE, new AgentRequest(AgentKind.GEMINI, "Create hello.txt, then run a command.",
                    "gemini-3.1-pro-preview", 8, null, List.of(), configuration), Map.of(), Map.of("GOOGLE_GEMINI_BASE_URL", modelApi.url()),
                    Map.entry("GEMINI_API_KEY", FAKE_KEY), Duration.ofMinutes(2));
            requests = modelApi.requests();
            assertThat(modelApi.credentials()).as("the real key, added by the key gateway").isNotEmpty().allMatch(FAKE_KEY::equals);
        }

        Path out = result.outputs();
        String log = Files.readString(out.resolve(RunOutputs.AGENT_LOG));
        assertThat(result.outcome()).as("%s; agent.log: %s", result.error(), log).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.changes()).extracting(Change::path).contains("hello.txt", "shell.txt", "deliberate-hook-ran", "deliberate-mcp-started")
                .doesNotContain("hook-ran", "mcp-started");
        assertThat(Files.readString(out.resolve(RunOutputs.DIFF))).contains("+Hello from the stand-in model").contains("+done")
                .as("the MCP server got its environment").contains("+started-with-env");
        assertThat(requests).contains("streamGenerateContent").doesNotContain("\"planted\": true")
                .as("Gemini CLI listed the pipeline's skill to the model, and no skill of the repository's").contains("marker-deliberate-skill")
                .doesNotContain("marker-planted");
        JsonNode audit = new ObjectMapper().readTree(out.resolve(RunOutputs.AUDIT).toFile());
        assertThat(audit.path("generated").toString()).as("the settings crossed in deliberately, recorded by hash")
                .contains(GeminiSettings.PATH).contains("sha256");
        assertThat(audit.path("puts").toString()).contains(GeminiSettings.SKILLS + "/release-notes/SKILL.md");
        assertThat(audit.path("command").toString()).as("an MCP server's environment is no argument").doesNotContain("started-with-env");
        List<String> events = Files.readAllLines(out.resolve(RunOutputs.EVENTS));
        assertThat(events.get(0)).contains("\"type\":\"init\"");
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"tool_name\":\"write_file\""));
        assertThat(events.get(events.size() - 1)).contains("\"type\":\"result\"").contains("\"status\":\"success\"");
        JsonNode usage = new ObjectMapper().readTree(out.resolve(RunOutputs.USAGE).toFile());
        assertThat(usage.get("succeeded").asBoolean()).isTrue();
        assertThat(usage.get("turns").asInt()).as("two tool calls and the final answer").isEqualTo(3);
        assertThat(usage.get("finalMessage").asText()).isEqualTo("All done.");
        assertThat(Files.readString(out.resolve(RunOutputs.AUDIT))).contains("\".gemini\", \".agents\"");
        assertThat(Files.readString(out.resolve(RunOutputs.NETWORK_LOG))).contains(ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT)
                .doesNotContain("DENIED");
        for (String output : List.of(RunOutputs.AGENT_LOG, RunOutputs.EVENTS, RunOutputs.USAGE, RunOutputs.AUDIT)) {
            assertThat(Files.readString(out.resolve(output))).as(output).doesNotContain(FAKE_KEY);
        }
    }

    @Test
    void shouldStopTheRealGeminiCliWhenItGoesPastItsTurnBudget() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult result;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("gemini-endless", "gemini-endless.json", temp)) {
            // the model never stops asking for commands, and --max-turns is sbx-agent's to enforce
            result = modelApi.run(temp, workspace, IMAGE, new AgentRequest(AgentKind.GEMINI, "Keep going.", "gemini-3.1-pro-preview", 3,
                    null, List.of()), Map.of(), Map.of("GOOGLE_GEMINI_BASE_URL", modelApi.url()), Map.entry("GEMINI_API_KEY", FAKE_KEY),
                    Duration.ofMinutes(2));
        }

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.usage().overBudget()).isTrue();
        assertThat(result.usage().endReason()).startsWith(AgentBudget.TURNS_EXCEEDED).contains("budget is 3");
        // stopped as the fourth command began; one or two more may run while the sandbox is killed
        assertThat(Files.readAllLines(result.outputs().resolve(RunOutputs.DIFF))).filteredOn(l -> l.equals("+turn")).hasSizeBetween(3, 10);
    }
}
