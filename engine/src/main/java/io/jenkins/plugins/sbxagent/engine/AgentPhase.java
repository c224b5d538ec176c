package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.agent.AgentEvents;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.BudgetWatch;
import io.jenkins.plugins.sbxagent.engine.agent.EventStreamSplitter;
import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The agent phase: the agent runs in its sandbox with its output masked on the way to {@code agent.log} and the
 * listener, a known agent's JSON events split off to {@code events.jsonl} and read, and its budget watched.
 */
final class AgentPhase {
    /**
     * @param clientExit the client's exit code, empty past the timeout
     * @param events     what the agent's events said, or null for a plain command
     */
    record Ended(OptionalInt clientExit, AgentEvents events) {
    }

    private AgentPhase() {
    }

    /** Every way the agent's output was cut goes to the audit ({@code outputCut}) and the log: never silent. */
    static Ended run(Sandbox sandbox, AgentKind agent, Limits limits, BudgetWatch budget, RunOutputs outputs, SecretMasker masker,
            RunListener listener, Map<String, Object> audit, Consumer<String> messages) throws IOException, InterruptedException {
        AgentLog log = new AgentLog(outputs.resolve(RunOutputs.AGENT_LOG), listener, limits.logBytes());
        OutputStream agentOut = outputs.counted(RunOutputs.AGENT_LOG, masker.wrap(log));
        OutputStream agentErr = outputs.counted(RunOutputs.AGENT_LOG, masker.wrap(log));
        AgentEvents reader = agent == AgentKind.COMMAND ? null : new AgentEvents(agent);
        OutputStream eventsOut = reader == null ? null : outputs.masked(RunOutputs.EVENTS);
        // the agent's JSON events to events.jsonl (and its reader), any other line to agent.log
        EventStreamSplitter splitter = reader == null ? null : new EventStreamSplitter(eventsOut, agentOut, event -> {
            reader.accept(event);
            budget.check(reader.usage());
        });
        List<String> outputCut = new ArrayList<>();
        try (agentOut; agentErr; eventsOut; splitter) {
            OptionalInt clientExit = sandbox.run(splitter == null ? agentOut : splitter, agentErr, limits.timeout(), outputCut::add);
            return new Ended(clientExit, reader);
        } finally {
            log.finish();
            audit.put("logBytes", log.written());
            audit.put("logBytesDropped", log.dropped());
            if (log.dropped() > 0) {
                outputCut.add(log.dropped() + " bytes past the log limit of " + limits.logBytes() + " were counted and dropped");
            }
            audit.put("outputCut", List.copyOf(outputCut));
            outputCut.forEach(problem -> messages.accept("output cut: " + problem));
        }
    }
}
