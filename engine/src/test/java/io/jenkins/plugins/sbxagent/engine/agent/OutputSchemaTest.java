package io.jenkins.plugins.sbxagent.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSchemaTest {
    private static final OutputSchema SCHEMA = OutputSchema.parse("{\"type\": \"object\", \"required\": [\"verdict\"], \"properties\":"
            + " {\"verdict\": {\"enum\": [\"ready\", \"not ready\"]}, \"files\": {\"type\": \"integer\"}}}", "--output-schema");

    @Test
    void shouldTakeAnAnswerThatMeetsTheSchemaInACodeFenceOrNot() {
        assertThat(SCHEMA.check("{\"verdict\": \"ready\", \"files\": 2}").valid()).isTrue();
        OutputSchema.Answer fenced = SCHEMA.check("```json\n{\"verdict\": \"not ready\"}\n```");
        assertThat(fenced.valid()).isTrue();
        assertThat(fenced.value().path("verdict").asText()).isEqualTo("not ready");
    }

    @Test
    void shouldSayWhyAnAnswerDoesNotMeetTheSchema() {
        assertThat(SCHEMA.check("{\"verdict\": \"maybe\", \"files\": \"two\"}").problems()).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("/verdict"))
                .anySatisfy(problem -> assertThat(problem).contains("/files").contains("integer"));
        assertThat(SCHEMA.check("{}").problems()).singleElement().asString().contains("verdict");
        assertThat(SCHEMA.check("").problems()).containsExactly("the agent gave no final answer");
        assertThat(SCHEMA.check("The project is ready.").problems()).containsExactly("the final answer is not JSON");
        assertThat(SCHEMA.check("{\"verdict\": \"ready\"} and more").problems()).as("one document and nothing else")
                .containsExactly("the final answer is not JSON");
    }

    @Test
    void shouldRefuseWhatIsNoSchemaNamingTheField() {
        for (String text : List.of("[]", "not json", "\"object\"")) {
            assertThatThrownBy(() -> OutputSchema.parse(text, "outputSchema")).as(text).isInstanceOf(SpecException.class)
                    .hasMessageStartingWith("outputSchema: is not a JSON Schema");
        }
        assertThatThrownBy(() -> OutputSchema.parse("{\"type\": 12}", "--output-schema")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--output-schema: is not a JSON Schema");
        assertThat(SCHEMA.instructions()).contains("one JSON document").contains("\"verdict\"");
    }

    @Test
    void shouldTellCodexByItsOptionAndTheOthersInTheirInstructions() {
        AgentCommandLine codex = AgentCommandLine.of(new AgentRequest(AgentKind.CODEX, "Check it", null, null, null, List.of(), null, SCHEMA));
        AgentCommandLine claude = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Check it", null, null, null, List.of(), null, SCHEMA));

        assertThat(codex.argv()).containsSequence("--output-schema", AgentCommandLine.OUTPUT_SCHEMA_TARGET).endsWith("--", "Check it");
        assertThat(codex.generated()).containsEntry(AgentCommandLine.OUTPUT_SCHEMA_TARGET, SCHEMA.json());
        assertThat(claude.argv().get(claude.argv().indexOf("-p") + 1)).startsWith("Check it\n\n").endsWith(SCHEMA.json());
        assertThat(claude.generated()).doesNotContainKey(AgentCommandLine.OUTPUT_SCHEMA_TARGET);
        assertThatThrownBy(() -> new AgentRequest(AgentKind.COMMAND, null, null, null, null, List.of(), null, SCHEMA))
                .hasMessageStartingWith("--output-schema: a plain command gives no final answer to check.");
    }
}
