package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 */
public record RunResult(RunOutcome outcome, int agentExit, String sandboxName, String staging, List<Change> changes,
        boolean applied, Path outputs, Map<String, Long> phaseMillis, String error) {
    public RunResult {
        changes = List.copyOf(changes);
        phaseMillis = Map.copyOf(phaseMillis);
    }
}
