package io.jenkins.plugins.sbxagent.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentEventsTest {
    private static AgentUsage read(AgentKind kind, String transcript) throws IOException {
        AgentEvents events = new AgentEvents(kind);
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = AgentEventsTest.class.getResourceAsStream(transcript);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                events.accept(json.readTree(line));
            }
        }
        return events.usage();
    }

    @Test
    void shouldNameEachAgentsSessionAsItsEventsDo() throws IOException {
        assertThat(read(AgentKind.CLAUDE, "claude-success.jsonl").sessionId()).isEqualTo("21414c87-9cf2-4fdc-87b7-371fbdc342b8");
        assertThat(read(AgentKind.CODEX, "codex-success.jsonl").sessionId()).isEqualTo("01a21ad3-b236-7373-9b94-4da4376fc03c");
        assertThat(read(AgentKind.GEMINI, "gemini-success.jsonl").sessionId()).isEqualTo("e5ed82e6-f8f8-426f-aa6d-1f27cf69a904");
        assertThat(read(AgentKind.OPENCODE, "opencode-success.jsonl").sessionId()).isEqualTo("ses_de52bb80bffesFb8ypIRPhUz9z");
        assertThat(new AgentEvents(AgentKind.CLAUDE).usage().sessionId()).as("no event, no session").isNull();
    }

    @Test
    void shouldReadTheRecordedClaudeCodeRun() throws IOException {
        AgentUsage usage = read(AgentKind.CLAUDE, "claude-success.jsonl");

        assertThat(usage.events()).isEqualTo(8);
        assertThat(usage.succeeded()).isTrue();
        assertThat(usage.turns()).isEqualTo(3);
        assertThat(usage.inputTokens()).isEqualTo(300);
        assertThat(usage.outputTokens()).isEqualTo(30);
        assertThat(usage.costUsd()).isEqualTo(0.0018, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(usage.finalMessage()).isEqualTo("All done.");
        assertThat(usage.endReason()).isEqualTo("success");
        assertThat(usage.overBudget()).isFalse();
    }

    @Test
    void shouldTreatAnErrorReportedWithSuccessAsAFailure() throws IOException {
        // recorded: the model API answered 500, Claude Code ended with subtype "success" and is_error true
        AgentUsage usage = read(AgentKind.CLAUDE, "claude-api-error.jsonl");

        assertThat(usage.ended()).isTrue();
        assertThat(usage.reportedError()).isTrue();
        assertThat(usage.succeeded()).isFalse();
        assertThat(usage.finalMessage()).startsWith("API Error: 500");
    }

    @Test
    void shouldReportTurnAndCostBudgetEndings() throws IOException {
        AgentUsage turns = read(AgentKind.CLAUDE, "claude-max-turns.jsonl");
        AgentUsage cost = read(AgentKind.CLAUDE, "claude-max-budget.jsonl");

        assertThat(turns.overBudget()).isTrue();
        assertThat(turns.endReason()).isEqualTo("error_max_turns");
        assertThat(turns.finalMessage()).contains("Reached maximum number of turns (1)");
        assertThat(cost.overBudget()).isTrue();
        assertThat(cost.endReason()).isEqualTo("error_max_budget_usd");
        assertThat(cost.costUsd()).as("a turn of a million input tokens").isEqualTo(4.0002);
        assertThat(cost.finalMessage()).contains("Reached maximum budget ($1)");
    }

    @Test
    void shouldCountClaudeCodesCacheTokensAsInput() throws IOException {
        AgentEvents events = new AgentEvents(AgentKind.CLAUDE);
        events.accept(new ObjectMapper().readTree("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":1,"
                + "\"result\":\"ok\",\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":200,\"cache_read_input_tokens\":3000,"
                + "\"output_tokens\":5}}"));

        assertThat(events.usage().inputTokens()).isEqualTo(3210);
        assertThat(events.usage().outputTokens()).isEqualTo(5);
    }

    @Test
    void shouldReadTheRecordedCodexRuns() throws IOException {
        AgentUsage success = read(AgentKind.CODEX, "codex-success.jsonl");
        AgentUsage recovered = read(AgentKind.CODEX, "codex-recovered.jsonl");
        AgentUsage failure = read(AgentKind.CODEX, "codex-failure.jsonl");

        assertThat(success.succeeded()).isTrue();
        assertThat(success.turns()).as("a patch, a command and the final answer").isEqualTo(3);
        assertThat(success.inputTokens()).isEqualTo(300);
        assertThat(success.outputTokens()).isEqualTo(30);
        assertThat(success.costUsd()).as("codex reports no cost").isNull();
        assertThat(success.finalMessage()).isEqualTo("All done.");
        assertThat(recovered.succeeded()).as("a retry codex reports as an error event is not the end").isTrue();
        assertThat(recovered.finalMessage()).isEqualTo("All done.");
        assertThat(failure.succeeded()).isFalse();
        assertThat(failure.endReason()).isEqualTo("turn.failed");
        assertThat(failure.finalMessage()).contains("high demand");
    }

    @Test
    void shouldExplainACodexStreamThatStopsWithoutATerminalEvent() throws IOException {
        AgentEvents events = new AgentEvents(AgentKind.CODEX);
        ObjectMapper json = new ObjectMapper();
        events.accept(json.readTree("{\"type\":\"turn.started\"}"));
        events.accept(json.readTree("{\"type\":\"error\",\"message\":\"Reconnecting... 1/5 (stream disconnected)\"}"));

        assertThat(events.usage().succeeded()).isFalse();
        assertThat(events.usage().finalMessage()).isEqualTo("Reconnecting... 1/5 (stream disconnected)");
        events.accept(json.readTree("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));
        assertThat(events.usage().succeeded()).isTrue();
        assertThat(events.usage().finalMessage()).as("a retry it recovered from is not its last word").isEmpty();
    }

    @Test
    void shouldReadTheRecordedGeminiCliRuns() throws IOException {
        AgentUsage success = read(AgentKind.GEMINI, "gemini-success.jsonl");
        AgentUsage error = read(AgentKind.GEMINI, "gemini-api-error.jsonl");

        assertThat(success.succeeded()).isTrue();
        assertThat(success.finalMessage()).as("what it wrote after its last tool call").isEqualTo("All done.");
        assertThat(success.turns()).as("two tool calls and the final answer").isEqualTo(3);
        assertThat(success.inputTokens()).isEqualTo(300);
        assertThat(success.outputTokens()).isEqualTo(30);
        assertThat(success.costUsd()).as("gemini reports no cost").isNull();
        assertThat(error.succeeded()).isFalse();
        assertThat(error.endReason()).isEqualTo("error");
        assertThat(error.finalMessage()).contains("stand-in failure");
    }

    @Test
    void shouldReadTheRecordedOpenCodeRuns() throws IOException {
        AgentUsage success = read(AgentKind.OPENCODE, "opencode-success.jsonl");
        AgentUsage error = read(AgentKind.OPENCODE, "opencode-api-error.jsonl");

        assertThat(success.succeeded()).isTrue();
        assertThat(success.turns()).as("one step per model request").isEqualTo(3);
        assertThat(success.costUsd()).as("a model without a price costs 0").isZero();
        assertThat(success.inputTokens()).isEqualTo(300);
        assertThat(success.outputTokens()).isEqualTo(30);
        assertThat(success.finalMessage()).isEqualTo("All done.");
        assertThat(error.succeeded()).isFalse();
        assertThat(error.finalMessage()).isEqualTo("stand-in failure");

        AgentEvents midway = new AgentEvents(AgentKind.OPENCODE);
        midway.accept(new ObjectMapper().readTree("{\"type\":\"step_finish\",\"part\":{\"reason\":\"tool-calls\",\"cost\":0.5,"
                + "\"tokens\":{\"input\":1,\"output\":1}}}"));
        assertThat(midway.usage().ended()).as("a step ending in tool calls is followed by another").isFalse();
        assertThat(midway.usage().costUsd()).isEqualTo(0.5);
    }

    @Test
    void shouldNotCallARunWithoutATerminalEventASuccess() throws IOException {
        AgentEvents events = new AgentEvents(AgentKind.CLAUDE);
        events.accept(new ObjectMapper().readTree("{\"type\":\"system\",\"subtype\":\"init\"}"));

        assertThat(events.usage().ended()).isFalse();
        assertThat(events.usage().succeeded()).isFalse();
    }
}
