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
import io.jenkins.plugins.sbxagent.engine.agent.CodexConfig;
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
 * The real Codex CLI ({@code codex exec}) in the sandbox, against the scripted stand-in of the OpenAI
 * Responses API, reached through the network allow-list and nothing else.
 */
class CodexITest {
    static final Path CODEX = Path.of("/var/cache/sbx-agent/codex/node_modules/@openai/codex/vendor/x86_64-unknown-linux-musl/bin/codex");
    private static final String FAKE_KEY = "sk-proj-stand-in-0123456789abcdef";

    @TempDir
    Path temp;

    @BeforeAll
    static void requireTheParts() throws Exception {
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, CODEX);
    }

    /**
     * How a pipeline points codex at its model API: the built-in OpenAI provider's base URL. The key gateway holds the
     * key: codex gets the gateway's URL and a placeholder, and the gateway sends to the stand-in.
     */
    private RunResult run(ModelApiStandIn modelApi, Path workspace, AgentRequest request, Duration timeout) throws Exception {
        return modelApi.run(temp, workspace, ModelApiStandIn.IMAGE, request, Map.of(CODEX, "/usr/local/bin/codex"),
                Map.of("OPENAI_BASE_URL", modelApi.url() + "/v1"), Map.entry("CODEX_API_KEY", FAKE_KEY), timeout);
    }

    @Test
    void shouldRunTheRealCodexThroughTheAllowListAndReportWhatItDid() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        // the repository's own codex configuration is untrusted input: not its model, not its notify command, not its MCP
        // server, and not its skills, which codex would list even in a project it does not trust
        Files.createDirectories(workspace.resolve(".codex"));
        Files.writeString(workspace.resolve(".codex/config.toml"), String.join("\n", "model = \"planted-model\"",
                "notify = [\"sh\", \"-c\", \"echo ran > /workspace/notify-ran\"]", "[mcp_servers.planted]", "command = \"sh\"",
                "args = [\"-c\", \"echo started > /workspace/mcp-started\"]", ""));
        ModelApiStandIn.skill(workspace.resolve(".codex/skills"), "planted-codex", "marker-planted-codex-skill");
        ModelApiStandIn.skill(workspace.resolve(".agents/skills"), "planted-agents", "marker-planted-agents-skill");
        Workspaces.chownToAgent(workspace);
        // the pipeline's configuration does count: its model and notify command (settings), its MCP server with its
        // environment, its skill
        AgentConfiguration configuration = new AgentConfiguration(McpConfig.parse("{\"mcpServers\": {\"deliberate\": {\"command\": \"sh\","
                + " \"args\": [\"-c\", \"echo $MARKER > /workspace/deliberate-mcp-started\"], \"env\": {\"MARKER\": \"started-with-env\"}}}}",
                "--mcp-config"), AgentSettings.parse("{\"model\": \"gpt-5.5\", \"notify\": [\"sh\", \"-c\","
                + " \"echo ran > /workspace/deliberate-notify-ran\"]}", "--agent-settings"),
                SkillsFolder.read(ModelApiStandIn.skill(temp.resolve("skills"), "release-notes", "marker-deliberate-skill").getParent().getParent()));

        RunResult result;
        String requests;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("codex", "codex-write-run-finish.json", temp)) {
            // no --model: the settings name it
            result = run(modelApi, workspace, new AgentRequest(AgentKind.CODEX, "Create hello.txt, then run a command.", null, 8,
                    null, List.of(), configuration), Duration.ofMinutes(2));
            requests = modelApi.requests();
            assertThat(modelApi.credentials()).as("the real key, added by the gateway").isNotEmpty().allMatch(FAKE_KEY::equals);
        }

        Path out = result.outputs();
        String log = Files.readString(out.resolve(RunOutputs.AGENT_LOG));
        assertThat(result.outcome()).as("%s; agent.log: %s", result.error(), log).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.changes()).extracting(Change::path).contains("hello.txt", "shell.txt", "deliberate-mcp-started",
                "deliberate-notify-ran").doesNotContain("notify-ran", "mcp-started");
        assertThat(Files.readString(out.resolve(RunOutputs.DIFF))).contains("+Hello from the stand-in model").contains("+done")
                .as("the MCP server got its environment").contains("+started-with-env");
        assertThat(requests).contains("\"model\": \"gpt-5.5\"").doesNotContain("planted-model")
                .as("codex listed the pipeline's skill to the model, and no skill of the repository's").contains("marker-deliberate-skill")
                .doesNotContain("marker-planted");
        JsonNode audit = new ObjectMapper().readTree(out.resolve(RunOutputs.AUDIT).toFile());
        assertThat(audit.path("generated").toString()).as("the configuration crossed in deliberately, recorded by hash")
                .contains(CodexConfig.CONFIG).contains("sha256");
        assertThat(audit.path("puts").toString()).contains(CodexConfig.SKILLS + "/release-notes/SKILL.md");
        assertThat(audit.path("hidden").toString()).contains(".codex").contains(".agents");
        assertThat(audit.path("command").toString()).as("an MCP server's environment is no argument").doesNotContain("started-with-env");
        List<String> events = Files.readAllLines(out.resolve(RunOutputs.EVENTS));
        assertThat(events.get(0)).contains("\"type\":\"thread.started\"");
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"type\":\"file_change\"").contains("hello.txt"));
        assertThat(events.get(events.size() - 1)).contains("\"type\":\"turn.completed\"");
        JsonNode usage = new ObjectMapper().readTree(out.resolve(RunOutputs.USAGE).toFile());
        assertThat(usage.get("succeeded").asBoolean()).isTrue();
        assertThat(usage.get("turns").asInt()).as("a patch, a command and the final answer").isEqualTo(3);
        assertThat(usage.get("inputTokens").asLong()).isEqualTo(300);
        assertThat(usage.get("finalMessage").asText()).isEqualTo("All done.");
        assertThat(Files.readString(out.resolve(RunOutputs.NETWORK_LOG))).contains(ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT)
                .doesNotContain("DENIED");
        assertThat(result.gate()).isNotNull();
        assertThat(Files.readString(out.resolve(RunOutputs.RISK_MARKDOWN))).contains("## The agent")
                .contains("codex ` said it succeeded after 3 turns").contains("> All done.");
        for (String output : List.of(RunOutputs.AGENT_LOG, RunOutputs.EVENTS, RunOutputs.USAGE, RunOutputs.AUDIT, RunOutputs.DIFF)) {
            assertThat(Files.readString(out.resolve(output))).as(output).doesNotContain(FAKE_KEY);
        }
    }

    @Test
    void shouldNotStopCodexForTheFinalAnswerThatEndsItsRun() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult result;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("codex-two-calls", "codex-write-run-finish.json", temp)) {
            // two tool calls within a budget of two; the answer after them is the third turn, and the end of the run
            result = run(modelApi, workspace, new AgentRequest(AgentKind.CODEX, "Create hello.txt, then run a command.", "gpt-5.5", 2,
                    null, List.of()), Duration.ofMinutes(2));
        }

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.usage().turns()).isEqualTo(3);
        assertThat(result.usage().overBudget()).isFalse();
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).doesNotContain("budgetStop");
    }

    @Test
    void shouldStopTheRealCodexWhenItGoesPastItsTurnBudget() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult result;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("codex-endless", "codex-endless.json", temp)) {
            // codex has no turn limit of its own, and this model never stops asking for commands
            result = run(modelApi, workspace, new AgentRequest(AgentKind.CODEX, "Keep going.", "gpt-5.5", 3, null,
                    List.of()), Duration.ofMinutes(2));
        }

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.usage().overBudget()).isTrue();
        assertThat(result.usage().endReason()).startsWith(AgentBudget.TURNS_EXCEEDED).contains("budget is 3");
        assertThat(result.usage().turns()).isEqualTo(4);
        // stopped as the fourth command began; the model answers at once, so one or two more may run while the sandbox is
        // killed, but without the budget only the timeout would have ended it
        assertThat(Files.readAllLines(result.outputs().resolve(RunOutputs.DIFF))).filteredOn(l -> l.equals("+turn")).hasSizeBetween(3, 10);
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("budgetStop");
    }
}
