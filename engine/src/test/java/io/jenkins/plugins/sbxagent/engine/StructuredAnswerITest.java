package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.OutputSchema;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured answers with the real Claude Code and Codex CLIs against the stand-in model API: the final answer is
 * checked against the run's schema, written as answer.json when it meets it, and fails the run, naming the schema's
 * complaint, when it does not. Codex gets the schema as its own option; Claude Code is told it in its instructions.
 */
class StructuredAnswerITest {
    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"verdict\", \"files\"], \"properties\": {\"verdict\":"
            + " {\"enum\": [\"ready\", \"not ready\"]}, \"files\": {\"type\": \"integer\"}}, \"additionalProperties\": false}";
    private static final String STRICTER = "{\"type\": \"object\", \"required\": [\"verdict\", \"risks\"]}";

    @TempDir
    Path temp;

    @BeforeAll
    static void requireTheParts() throws Exception {
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, ClaudeCodeITest.CLAUDE);
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, CodexITest.CODEX);
    }

    private RunResult claude(String schema, String name) throws Exception {
        Path workspace = Workspaces.project(temp.resolve(name));
        Workspaces.chownToAgent(workspace);
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("answer-" + name, "answer-json.json", temp)) {
            RunResult result = modelApi.run(temp.resolve(name + "-run"), workspace, ModelApiStandIn.IMAGE, new AgentRequest(AgentKind.CLAUDE,
                    "Is the project ready?", null, 4, null, List.of(), null, OutputSchema.parse(schema, "--output-schema")),
                    Map.of(ClaudeCodeITest.CLAUDE, "/usr/local/bin/claude"), Map.of("ANTHROPIC_BASE_URL", modelApi.url()),
                    Map.entry("ANTHROPIC_API_KEY", "sk-ant-stand-in-0123456789abcdef"), Duration.ofMinutes(2));
            // Claude Code was told the schema after its instructions
            assertThat(modelApi.requests()).isNotEmpty();
            return result;
        }
    }

    @Test
    void shouldWriteClaudeCodesAnswerThatMeetsTheSchema() throws Exception {
        Files.createDirectories(temp.resolve("ok-run"));

        RunResult result = claude(SCHEMA, "ok");

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.answer()).isNotNull();
        assertThat(result.answer().path("verdict").asText()).isEqualTo("ready");
        assertThat(result.answer().path("files").asInt()).isEqualTo(2);
        assertThat(new ObjectMapper().readTree(result.outputs().resolve(RunOutputs.ANSWER).toFile())).isEqualTo(result.answer());
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("\"answer\" : \"meets the output schema\"");
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("When you are done, give your final answer as one"
                + " JSON document");
    }

    @Test
    void shouldFailARunWhoseAnswerDoesNotMeetTheSchemaNamingWhy() throws Exception {
        Files.createDirectories(temp.resolve("bad-run"));

        RunResult result = claude(STRICTER, "bad");

        assertThat(result.outcome()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.exitCode()).isEqualTo(RunOutcome.AGENT_FAILED.exitCode());
        assertThat(result.answer()).isNull();
        assertThat(result.outputs().resolve(RunOutputs.ANSWER)).doesNotExist();
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("risks");
    }

    @Test
    void shouldGiveCodexTheSchemaAsItsOwnOptionAndCheckItsAnswer() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult result;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("answer-codex", "codex-answer-json.json", temp)) {
            result = modelApi.run(temp, workspace, ModelApiStandIn.IMAGE, new AgentRequest(AgentKind.CODEX, "Is the project ready?", "gpt-5.5",
                    4, null, List.of(), null, OutputSchema.parse(SCHEMA, "--output-schema")), Map.of(CodexITest.CODEX, "/usr/local/bin/codex"),
                    Map.of("OPENAI_BASE_URL", modelApi.url() + "/v1"), Map.entry("CODEX_API_KEY", "sk-proj-stand-in-0123456789abcdef"),
                    Duration.ofMinutes(2));
        }

        assertThat(result.outcome()).as("%s; %s", result.error(), Files.readString(result.outputs().resolve(RunOutputs.AGENT_LOG)))
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.answer().path("verdict").asText()).isEqualTo("ready");
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("--output-schema")
                .contains("/run/sbx-agent/output-schema.json");
    }

    @Test
    void shouldCheckTheAnswersOfGeminiCliAndOpenCodeToldTheSchema() throws Exception {
        ModelApiStandIn.requireParts(GeminiCliITest.IMAGE, null);
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, OpenCodeITest.OPENCODE);
        Path geminiWorkspace = Workspaces.project(temp.resolve("gemini"));
        Path opencodeWorkspace = Workspaces.project(temp.resolve("opencode"));
        Workspaces.chownToAgent(geminiWorkspace);
        Workspaces.chownToAgent(opencodeWorkspace);
        Files.createDirectories(temp.resolve("gemini-run"));
        Files.createDirectories(temp.resolve("opencode-run"));

        RunResult gemini;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("answer-gemini", "gemini-answer-json.json", temp)) {
            gemini = modelApi.run(temp.resolve("gemini-run"), geminiWorkspace, GeminiCliITest.IMAGE, new AgentRequest(AgentKind.GEMINI,
                    "Is the project ready?", "gemini-3.1-pro-preview", 4, null, List.of(), null, OutputSchema.parse(SCHEMA, "--output-schema")),
                    Map.of(), Map.of("GOOGLE_GEMINI_BASE_URL", modelApi.url()), Map.entry("GEMINI_API_KEY", "AIza-stand-in-0123456789abcdef"),
                    Duration.ofMinutes(2));
        }
        RunResult opencode;
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("answer-opencode", "opencode-answer-json.json", temp)) {
            opencode = modelApi.run(temp.resolve("opencode-run"), opencodeWorkspace, ModelApiStandIn.IMAGE, new AgentRequest(AgentKind.OPENCODE,
                    "Is the project ready?", null, 4, null, List.of(), null, OutputSchema.parse(SCHEMA, "--output-schema")),
                    Map.of(OpenCodeITest.OPENCODE, "/usr/local/bin/opencode"),
                    Map.of("OPENCODE_CONFIG_CONTENT", OpenCodeITest.providerConfiguration(), "STAND_IN_BASE_URL", modelApi.url() + "/v1"),
                    Map.entry("STAND_IN_API_KEY", "sk-stand-in-opencode-0123456789"), Duration.ofMinutes(2));
        }

        for (RunResult result : List.of(gemini, opencode)) {
            assertThat(result.outcome()).as("%s; %s", result.error(), Files.readString(result.outputs().resolve(RunOutputs.AGENT_LOG)))
                    .isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(result.answer().path("verdict").asText()).isEqualTo("ready");
            assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("When you are done, give your final answer");
        }
    }
}
