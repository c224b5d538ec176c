package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.diff.BoundedDiff;
import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.publish.ChangesJson;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryWriter;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs only at its end, readied on another thread while the agent runs (the tool mostly waits then): the
 * shipped rules (a tenth of a second to parse in a cold JVM, asked for only at the risk phase), the line diff and the
 * writers of the risk summary, the change list and the audit, exercised on nothing. Started any earlier, it would
 * compete for the processor with the run's own start (measured: ~60 ms less per run on 2 cores than with no warm-up).
 * The build's class-data-sharing training runs it too.
 */
final class WarmUp {
    private WarmUp() {
    }

    /** {@code listener}, which also starts the warm-up when the agent phase begins. */
    static RunListener whileTheAgentRuns(RunListener listener) {
        return new RunListener() {
            @Override
            public void output(byte[] bytes, int offset, int length) {
                listener.output(bytes, offset, length);
            }

            @Override
            public void message(String line) {
                listener.message(line);
            }

            @Override
            public void phase(String name) {
                listener.phase(name);
                if (name.equals("agent")) {
                    aside();
                }
            }
        };
    }

    /** Starts it aside; a failure here is only time not saved, the run meets it again where it counts. */
    private static void aside() {
        Thread warming = new Thread(() -> {
            try {
                exercise();
            } catch (IOException | RuntimeException e) {
                // nothing to do: see above
            }
        }, "sbx-agent warm-up");
        warming.setDaemon(true);
        warming.start();
    }

    /** Runs the end of a run's code on nothing. */
    static void exercise() throws IOException {
        RuleBook rules = RuleBook.shipped();
        RiskReport report = new RiskReport(Severity.NONE, List.of(), 0, 0, 0, List.of(), rules.version());
        GateResult gate = GateEvaluator.evaluate(Policy.strict(), report);
        RiskSummaryWriter writer = new RiskSummaryWriter(report, gate, rules);
        writer.writeJson(OutputStream.nullOutputStream());
        writer.writeMarkdown(OutputStream.nullOutputStream());
        writer.writeSarif(OutputStream.nullOutputStream());
        ChangesJson.write(OutputStream.nullOutputStream(), "overlay", List.of(), java.util.Set.of());
        BoundedDiff.diff(List.of("a", "b", "c"), List.of("a", "B", "c", "d"));
        // the audit's kinds of values
        RunOutputs.writeJson(OutputStream.nullOutputStream(), new LinkedHashMap<>(Map.of("text", "", "number", 1, "long", 1L, "decimal", 1.5,
                "flag", true, "list", new ArrayList<>(List.of("")), "map", Map.of("", List.of()))));
    }
}
