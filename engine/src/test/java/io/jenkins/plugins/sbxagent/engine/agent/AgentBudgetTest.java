package io.jenkins.plugins.sbxagent.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentBudgetTest {
    private final ObjectMapper json = new ObjectMapper();

    private AgentUsage usage(int turns, Double costUsd) {
        return new AgentUsage(turns, turns, 0, 0, costUsd, 0, "", false, false, null);
    }

    @Test
    void shouldAllowTheLastTurnOfTheBudgetAndStopTheOneAfter() {
        AgentBudget budget = new AgentBudget(3, null);

        assertThat(budget.exceededBy(usage(3, null))).isNull();
        assertThat(budget.exceededBy(usage(4, null))).startsWith(AgentBudget.TURNS_EXCEEDED).contains("turn 4").contains("budget is 3");
    }

    @Test
    void shouldStopOnReportedCostOnlyAndNeverOnAMissingOne() {
        AgentBudget budget = new AgentBudget(null, 0.50);

        assertThat(budget.exceededBy(usage(100, null))).as("no cost reported, no turn limit").isNull();
        assertThat(budget.exceededBy(usage(1, 0.50))).isNull();
        assertThat(budget.exceededBy(usage(1, 0.51))).startsWith(AgentBudget.COST_EXCEEDED).contains("$0.5100").contains("$0.50");
        assertThat(AgentBudget.NONE.exceededBy(usage(1_000, 1_000.0))).isNull();
    }

    @Test
    void shouldCountClaudeTurnsAsTheyStreamOneMessageIdEach() throws Exception {
        AgentEvents events = new AgentEvents(AgentKind.CLAUDE);
        for (String id : List.of("m1", "m1", "m2", "m3")) {
            // Claude Code sends one event per content block of a message: the same id more than once
            events.accept(json.readTree("{\"type\":\"assistant\",\"message\":{\"id\":\"" + id + "\",\"content\":[]}}"));
        }

        assertThat(events.usage().turns()).isEqualTo(3);
        assertThat(events.usage().ended()).isFalse();
    }

    @Test
    void shouldEndAStoppedRunWithTheReasonAndIgnoreWhatTheAgentPrintsAfterwards() throws Exception {
        AgentEvents events = new AgentEvents(AgentKind.CODEX);
        events.accept(json.readTree("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}"));
        events.stoppedBy("max_turns: stopped by sbx-agent");
        events.accept(json.readTree("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}"));

        AgentUsage usage = events.usage();
        assertThat(usage.succeeded()).isFalse();
        assertThat(usage.overBudget()).isTrue();
        assertThat(usage.endReason()).isEqualTo("max_turns: stopped by sbx-agent");
        assertThat(usage.turns()).isEqualTo(1);
        assertThat(usage.events()).isEqualTo(2);
    }
}
