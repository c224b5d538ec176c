package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;

/**
 * What a finished run left.
 *
 * @param outcome      how it ended
 * @param agentExit    the agent's exit code, or -1 when it never ran to an end
 * @param sandboxName  the sandbox's unique name
 * @param staging      overlay, copy or mount
 * @param changes      the change set
 * @param applied      whether the changes were copied back into the workspace
 * @param outputs      the outputs folder
 * @param phaseMillis  milliseconds per phase
 * @param error        what went wrong, for {@link RunOutcome#SANDBOX_ERROR}; empty otherwise
 * @param risk         the rating of the change set, or {@code null} when the run did not get that far
 * @param gate         the gate's decision, or {@code null} when the run did not get that far
 * @param usage        what a known agent's events said (turns, tokens, cost, its last message), or {@code null}
 * @param answer       the agent's final answer, parsed, when the run asked for one that meets a schema and it does; or {@code null}
 * @param delivered    the branch {@code --deliver-branch} made, or {@code null} when none was asked for or made
 */
public record RunResult(RunOutcome outcome, int agentExit, String sandboxName, String staging, List<Change> changes,
        boolean applied, Path outputs, Map<String, Long> phaseMillis, String error, RiskReport risk, GateResult gate,
        io.jenkins.plugins.sbxagent.engine.agent.AgentUsage usage, com.fasterxml.jackson.databind.JsonNode answer,
        io.jenkins.plugins.sbxagent.engine.deliver.DeliveredBranch delivered) {
    public RunResult {
        changes = List.copyOf(changes);
        phaseMillis = Map.copyOf(phaseMillis);
    }

    /** A result without a delivered branch. */
    public RunResult(RunOutcome outcome, int agentExit, String sandboxName, String staging, List<Change> changes, boolean applied, Path outputs,
            Map<String, Long> phaseMillis, String error, RiskReport risk, GateResult gate, io.jenkins.plugins.sbxagent.engine.agent.AgentUsage usage,
            com.fasterxml.jackson.databind.JsonNode answer) {
        this(outcome, agentExit, sandboxName, staging, changes, applied, outputs, phaseMillis, error, risk, gate, usage, answer, null);
    }

    /** The known agent's last message, its answer: empty for a plain command, or when the agent gave none. */
    public java.util.Optional<String> finalMessage() {
        return usage == null || usage.finalMessage().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(usage.finalMessage());
    }

    /** The known agent's own id of its session, as its events named it. */
    public java.util.Optional<String> sessionId() {
        return usage == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(usage.sessionId());
    }

    /**
     * The command-line tool's exit code: the run's own when it did not succeed, otherwise the gate's
     * (0 pass, 10 review, 11 unstable, 12 fail).
     */
    public int exitCode() {
        if (outcome != RunOutcome.SUCCEEDED || gate == null) {
            return outcome.exitCode();
        }
        return gate.decision().exitCode();
    }
}
