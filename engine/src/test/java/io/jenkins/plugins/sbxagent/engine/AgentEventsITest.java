package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plumbing of agent runs on the real engine: events split from other output, read, and turned
 * into usage and the outcome. The agent here is a test double of the Claude Code CLI (a shell script
 * named {@code claude} that replays event streams); the real CLI runs in its own test.
 */
class AgentEventsITest {
    /** Test double of the claude CLI: says how it was called, prints a stray line, replays the events, edits a file. */
    private static final String CLAUDE_STAND_IN = String.join("\n",
            "#!/bin/sh",
            "echo \"stand-in called with: $*\" >&2",
            "echo 'not json: warming up'",
            "cat /run/sbx/events.jsonl",
            "echo 'edited by the agent' > agent-notes.txt",
            "exit $(cat /run/sbx/exit-code)",
            "");

    @TempDir
    Path temp;

    @BeforeAll
    static void requireDocker() throws Exception {
        DockerEngine.require();
    }

    private RunResult run(String transcript, int exitCode, Integer maxTurns) throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        Path standIn = Files.writeString(temp.resolve("claude"), CLAUDE_STAND_IN);
        standIn.toFile().setExecutable(true, false);
        Path events;
        try (InputStream in = getClass().getResourceAsStream("agent/" + transcript)) {
            events = temp.resolve("events.jsonl");
            Files.copy(in, events);
        }
        Path exit = Files.writeString(temp.resolve("exit-code"), Integer.toString(exitCode));
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(AgentKind.CLAUDE, "Fix the failing test", null, maxTurns, null, List.of()));
        RunSpec.Builder spec = RunSpec.builder().withWorkspace(workspace).withOutputs(temp.resolve("out"))
                .withWorkRoot(Files.createDirectories(temp.resolve("work"))).withImage(DockerEngine.BUSYBOX).withTenant("tests/agents")
                .withCommand(line.argv()).withPut(standIn, "/bin/claude").withPut(events, "/run/sbx/events.jsonl")
                .withPut(exit, "/run/sbx/exit-code");
        line.environment().forEach(spec::withEnv);
        return new AgentRun(spec.build(), AgentKind.CLAUDE, Policy.strict(), RuleBook.shipped(), DockerEngine.cli(), RunListener.SILENT,
                Clock.systemUTC()).call();
    }

    @Test
    void shouldSplitEventsFromOtherOutputAndReportUsage() throws Exception {
        RunResult result = run("claude-success.jsonl", 0, 5);

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        Path out = result.outputs();
        assertThat(Files.readAllLines(out.resolve(RunOutputs.EVENTS))).hasSize(8).allMatch(l -> l.startsWith("{"));
        String log = Files.readString(out.resolve(RunOutputs.AGENT_LOG));
        assertThat(log).contains("not json: warming up")
                .contains("stand-in called with: -p Fix the failing test --output-format stream-json --verbose --dangerously-skip-permissions"
                        + " --max-turns 5")
                .doesNotContain("\"type\":\"result\"");
        JsonNode usage = new ObjectMapper().readTree(out.resolve(RunOutputs.USAGE).toFile());
        assertThat(usage.get("turns").asInt()).isEqualTo(3);
        assertThat(usage.get("succeeded").asBoolean()).isTrue();
        assertThat(usage.get("finalMessage").asText()).isEqualTo("All done.");
        assertThat(usage.get("costUsd").asDouble()).isPositive();
        assertThat(result.changes()).extracting(c -> c.path()).contains("agent-notes.txt");
    }

    @Test
    void shouldFailARunWhoseAgentReportsAnErrorEvenWithExitCodeZero() throws Exception {
        RunResult result = run("claude-api-error.jsonl", 0, null);

        assertThat(result.agentExit()).isZero();
        assertThat(result.outcome()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.usage().reportedError()).isTrue();
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).contains("\"reportedError\" : true");
    }

    @Test
    void shouldReportABudgetEnding() throws Exception {
        RunResult result = run("claude-max-turns.jsonl", 1, 1);

        assertThat(result.outcome()).isEqualTo(RunOutcome.AGENT_FAILED);
        assertThat(result.usage().overBudget()).isTrue();
        assertThat(result.usage().endReason()).isEqualTo("error_max_turns");
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.USAGE))).contains("\"overBudget\" : true");
    }
}
