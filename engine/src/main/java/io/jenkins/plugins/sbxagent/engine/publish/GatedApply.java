package io.jenkins.plugins.sbxagent.engine.publish;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import io.jenkins.plugins.sbxagent.engine.text.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code --apply}: the change set reaches the workspace only when asked, after a successful run, and when the gate passed. */
public final class GatedApply {
    private GatedApply() {
    }

    /**
     * Applies or says why not, in the audit ({@code apply}) and the log.
     *
     * @param runEnded how the run ended ({@code succeeded}, or why not)
     * @return whether the changes were applied
     */
    public static boolean apply(boolean requested, Path workspace, StagedWorkspace staged, List<Change> changes, String runEnded,
            GateResult gate, Map<String, Object> audit, Consumer<String> messages) throws IOException {
        if (!requested) {
            audit.put("apply", "not requested");
            return false;
        }
        if (staged.writesHostWorkspace()) {
            audit.put("apply", "not needed: workspace mode mount wrote to the workspace directly");
            return false;
        }
        if (!runEnded.equals("succeeded")) {
            audit.put("apply", "skipped: the run " + runEnded);
            messages.accept("--apply skipped: the run " + runEnded);
            return false;
        }
        if (gate.decision() != Decision.PASS) {
            audit.put("apply", "withheld: the gate decided " + gate.decision().id());
            messages.accept("--apply withheld: the gate decided " + gate.decision().id() + "; see " + RunOutputs.RISK_MARKDOWN);
            return false;
        }
        new ChangeApplier(workspace, staged.after()).apply(changes);
        audit.put("apply", "applied: the gate passed");
        messages.accept("applied " + Plural.of(Change.count(changes), "changed entry", "changed entries") + " to the workspace");
        return true;
    }
}
