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
import io.jenkins.plugins.sbxagent.engine.agent.McpConfig;
import io.jenkins.plugins.sbxagent.engine.agent.OpenCodeConfig;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenCode CLI ({@code opencode run}) in the sandbox, against the scripted stand-in of an
 * OpenAI-compatible Chat Completions API reached through the network allow-list and nothing else.
 */
class OpenCodeITest {
    static final Path OPENCODE = Path.of("/var/cache/sbx-agent/opencode/node_modules/opencode-linux-x64/bin/opencode");
    private static final String FAKE_KEY = "sk-stand-in-opencode-0123456789";

    @TempDir
    Path temp;

    @BeforeAll
    static void requireTheParts() throws Exception {
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, OPENCODE);
    }

    /**
     * How a pipeline gives OpenCode its provider: configuration content, the base URL and the key named by reference, the
     * key bound as a secret.
     */
    static String providerConfiguration() {
        return providerConfiguration("");
    }

    /** With a price per million tokens in US dollars, OpenCode reports each step's cost. */
    private static String providerConfiguration(String price) {
        return "{\"provider\": {\"stand-in\": {\"npm\": \"@ai-sdk/openai-compatible\", \"name\": \"Stand-in\", \"options\": {\"baseURL\":"
                + " \"{env:STAND_IN_BASE_URL}\", \"apiKey\": \"{env:STAND_IN_API_KEY}\"}, \"models\": {\"m1\": {\"name\": \"m1\"" + price + "}}}},"
                + " \"model\": \"stand-in/m1\", \"small_model\": \"stand-in/m1\"}";
    }

    @Test
    void shouldRunTheRealOpenCodeWithThePipelinesConfigurationAndNotTheRepositorys() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        // what the repository would configure OpenCode with: an MCP server, a header to the model API, and plugins that run as code
        Files.writeString(workspace.resolve("opencode.json"), "{\"mcp\": {\"planted\": {\"type\": \"local\", \"command\": [\"sh\", \"-c\","
                + " \"echo started > /workspace/mcp-started\"]}}, \"provider\": {\"stand-in\": {\"options\": {\"headers\":"
                + " {\"x-planted-header\": \"yes\"}}}}}\n");
        Files.createDirectories(workspace.resolve(".opencode/plugins"));
        Files.writeString(workspace.resolve(".opencode/plugins/planted.js"), "import fs from \"fs\";\n"
                + "fs.writeFileSync(\"/workspace/plugin-ran\", \"ran\\n\");\nexport const Planted = async () => ({});\n");
        // and skills: its own, and the ones other agents would read
        ModelApiStandIn.skill(workspace.resolve(".opencode/skills"), "planted-opencode", "marker-planted-opencode-skill");
        ModelApiStandIn.skill(workspace.resolve(".agents/skills"), "planted-agents", "marker-planted-agents-skill");
        ModelApiStandIn.skill(workspace.resolve(".claude/skills"), "planted-claude", "marker-planted-claude-skill");
        Workspaces.chownToAgent(workspace);
        // the pipeline's configuration does count: its provider (settings), its MCP server with its environment, its skill
        AgentConfiguration configuration = new AgentConfiguration(McpConfig.parse("{\"mcpServers\": {\"deliberate\": {\"command\": \"sh\","
                + " \"args\": [\"-c\", \"echo $MARKER > /workspace/deliberate-mcp-started\"], \"env\": {\"MARKER\": \"started-with-env\"}}}}",
                "--mcp-config"), AgentSettings.parse(providerConfiguration(), "--agent-settings"),
                SkillsFolder.read(ModelApiStandIn.skill(temp.resolve("skills"), "release-notes", "marker-deliberate-skill").getParent().getParent()));

        RunResult result;
        String requests;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("opencode", "opencode-write-run-finish.json", temp)) {
            // the provider comes in the settings alone: without them OpenCode would have no model to ask
            result = modelApi.run(temp, workspace, ModelApiStandIn.IMAGE, new AgentRequest(AgentKind.OPENCODE,
                    "Create hello.txt, then run a command.", null, 8, null, List.of(), configuration), Map.of(OPENCODE, "/usr/local/bin/opencode"),
                    Map.of("STAND_IN_BASE_URL", modelApi.url() + "/v1"),
                    Map.entry("STAND_IN_API_KEY", FAKE_KEY),
                    // a provider sbx-agent does not know: its key held by a declared gateway
                    new ProviderKeys.Choice(Set.of(), List.of(new ProviderKeys.Custom("STAND_IN_API_KEY", "Authorization", "STAND_IN_BASE_URL"))),
                    Duration.ofMinutes(2));
            requests = modelApi.requests();
            assertThat(modelApi.credentials()).as("the real key, added by the declared gateway").isNotEmpty().allMatch(FAKE_KEY::equals);
        }

        Path out = result.outputs();
        String log = Files.readString(out.resolve(RunOutputs.AGENT_LOG));
        assertThat(result.outcome()).as("%s; agent.log: %s", result.error(), log).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.changes()).extracting(Change::path).contains("hello.txt", "shell.txt", "deliberate-mcp-started")
                .doesNotContain("mcp-started", "plugin-ran");
        assertThat(Files.readString(out.resolve(RunOutputs.DIFF))).contains("+Hello from the stand-in model").contains("+done")
                .as("the MCP server got its environment").contains("+started-with-env");
        assertThat(requests).contains("/v1/chat/completions").doesNotContain("\"planted\": true")
                .as("OpenCode listed the pipeline's skill to the model, and no skill of the repository's").contains("marker-deliberate-skill")
                .doesNotContain("marker-planted");
        JsonNode audit = new ObjectMapper().readTree(out.resolve(RunOutputs.AUDIT).toFile());
        assertThat(audit.path("generated").toString()).as("the configuration crossed in deliberately, recorded by hash")
                .contains(OpenCodeConfig.CONFIG).contains("sha256");
        assertThat(audit.path("puts").toString()).contains(OpenCodeConfig.SKILLS + "/release-notes/SKILL.md");
        assertThat(audit.path("command").toString()).as("an MCP server's environment is no argument").doesNotContain("started-with-env");
        List<String> events = Files.readAllLines(out.resolve(RunOutputs.EVENTS));
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"tool\":\"write\""));
        assertThat(events.get(events.size() - 1)).contains("\"type\":\"step_finish\"").contains("\"reason\":\"stop\"");
        JsonNode usage = new ObjectMapper().readTree(out.resolve(RunOutputs.USAGE).toFile());
        assertThat(usage.get("succeeded").asBoolean()).isTrue();
        assertThat(usage.get("turns").asInt()).isEqualTo(3);
        assertThat(usage.get("finalMessage").asText()).isEqualTo("All done.");
        assertThat(Files.readString(out.resolve(RunOutputs.AUDIT))).contains("\"opencode.json\", \".opencode\"");
        // OpenCode tries to install its plugin package into its config folder and to download ripgrep whatever its
        // settings say; the allow-list refuses both, it carries on, and nothing else leaves the sandbox
        List<String> network = Files.readAllLines(out.resolve(RunOutputs.NETWORK_LOG));
        assertThat(network).anySatisfy(l -> assertThat(l).contains("POST " + ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT));
        assertThat(network).filteredOn(l -> l.contains("DENIED"))
                .allSatisfy(l -> assertThat(l).containsAnyOf("CONNECT registry.npmjs.org:443", "CONNECT github.com:443"));
        for (String output : List.of(RunOutputs.AGENT_LOG, RunOutputs.EVENTS, RunOutputs.USAGE, RunOutputs.AUDIT)) {
            assertThat(Files.readString(out.resolve(output))).as(output).doesNotContain(FAKE_KEY);
        }
    }

    @Test
    void shouldStopTheRealOpenCodeWhenItsReportedCostPassesTheBudget() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult result;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("opencode-expensive", "opencode-expensive-endless.json", temp)) {
            // each step reads a million tokens at $3 a million, and the model never stops; OpenCode has no budget of its own
            result = modelApi.run(temp, workspace, ModelApiStandIn.IMAGE, new AgentRequest(AgentKind.OPENCODE, "Keep going.", null, null,
                    5.0, List.of()), Map.of(OPENCODE, "/usr/local/bin/opencode"),
                    Map.of("OPENCODE_CONFIG_CONTENT", providerConfiguration(", \"cost\": {\"input\": 3, \"output\": 15}"),
                            "STAND_IN_BASE_URL", modelApi.url() + "/v1"),
                    Map.entry("STAND_IN_API_KEY", FAKE_KEY), Duration.ofMinutes(2));
        }

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.usage().overBudget()).isTrue();
        assertThat(result.usage().endReason()).startsWith(AgentBudget.COST_EXCEEDED).contains("the budget is $5.00");
        assertThat(result.usage().costUsd()).isGreaterThan(5.0).isLessThan(10.0);
        // stopped when the second step's cost was reported; another may begin while the sandbox is killed, but without
        // the budget only the timeout would have ended it
        assertThat(Files.readAllLines(result.outputs().resolve(RunOutputs.DIFF))).filteredOn(l -> l.equals("+step")).hasSizeBetween(2, 5);
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("budgetStop");
    }
}
