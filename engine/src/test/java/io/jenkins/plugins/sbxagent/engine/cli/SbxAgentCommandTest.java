package io.jenkins.plugins.sbxagent.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tool picks its command, prints its help and maps bad input to exit code 2, before any Docker call. */
class SbxAgentCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return new SbxAgentCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListTheCommandsAndTheExitCodesInItsHelp() {
        assertThat(execute("--help")).isZero();

        assertThat(out()).startsWith("Usage: sbx-agent COMMAND [OPTIONS]")
                .contains("  run      Runs COMMAND (the agent) in a sandbox", "  gate     Decides a stored risk-summary.json",
                        "  deliver  Makes the branch of a run's changes that awaited review", "  gc       Removes expired")
                .contains("12   the gate fails the change");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldListACommandsOptionsInTheOrderTheyWereDeclared() {
        assertThat(execute("run", "--help")).isZero();

        String help = out();
        assertThat(help).startsWith("Usage: sbx-agent run --image IMAGE [OPTIONS] -- COMMAND [ARG...]")
                .contains("--workspace DIR", "--network MODE", "--fail-on SEVERITY", "--agent-arg ARG", "-h, --help");
        assertThat(help.indexOf("  --workspace DIR")).isLessThan(help.indexOf("  --image IMAGE"));
        assertThat(help.indexOf("  --image IMAGE")).isLessThan(help.indexOf("  --agent NAME"));
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldPrintTheVersion() {
        assertThat(execute("-V")).isZero();
        assertThat(out()).isEqualTo(Help.VERSION + System.lineSeparator());
    }

    @Test
    void shouldExitWithTwoWithoutACommandOrWithAnUnknownOne() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err()).contains("sbx-agent: COMMAND: is missing. Name one: run, gate or gc");

        assertThat(execute("deploy")).isEqualTo(2);
        assertThat(err()).contains("sbx-agent: COMMAND: 'deploy' is not one of run, gate, gc.");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldExitWithTwoForAnOptionTheCommandDoesNotTake() {
        assertThat(execute("gc", "--image", "x")).isEqualTo(2);
        assertThat(err()).isEqualTo("sbx-agent: --image: is not an option of sbx-agent gc. See sbx-agent gc --help." + System.lineSeparator());
    }

    @Test
    void shouldExitWithTwoWhenTheGateHasNoSummary() {
        assertThat(execute("gate")).isEqualTo(2);
        assertThat(err()).contains("--summary: is missing. Name a run's risk-summary.json.");
    }
}
