package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.publish.ChangesJson;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryWriter;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What a run needs only at its end, readied at the tool's start on the other core: the shipped rules (a tenth of a
 * second to parse in a cold JVM) and the writers of the risk summary and the change list, exercised on nothing.
 * The build's class-data-sharing training runs it too.
 */
final class WarmUp {
    private WarmUp() {
    }

    /** Starts it aside; a failure here is only time not saved, the run meets it again where it counts. */
    static void aside() {
        Thread warming = new Thread(() -> {
            try {
                writers();
            } catch (IOException | RuntimeException e) {
                // nothing to do: see above
            }
        }, "sbx-agent warm-up");
        warming.setDaemon(true);
        warming.start();
    }

    static void writers() throws IOException {
        RuleBook rules = RuleBook.shipped();
        RiskReport report = new RiskReport(Severity.NONE, List.of(), 0, 0, 0, List.of(), rules.version());
        GateResult gate = GateEvaluator.evaluate(Policy.strict(), report);
        RiskSummaryWriter writer = new RiskSummaryWriter(report, gate, rules);
        writer.writeJson(OutputStream.nullOutputStream());
        writer.writeMarkdown(OutputStream.nullOutputStream());
        writer.writeSarif(OutputStream.nullOutputStream());
        ChangesJson.write(OutputStream.nullOutputStream(), "overlay", List.of());
    }
}
