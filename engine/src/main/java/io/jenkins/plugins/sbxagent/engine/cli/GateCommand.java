package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryReader;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import java.io.IOException;
import java.io.PrintStream;

/** {@code sbx-agent gate}: decides a stored risk summary again under a policy. */
final class GateCommand extends ToolCommand {
    private final PrintStream stdout;

    GateCommand(PrintStream stdout) {
        super("gate", "--summary FILE [OPTIONS]", "Decides a stored risk-summary.json again under a policy; exits with the decision's code.");
        this.stdout = stdout;
    }

    @Override
    OptionTable options() {
        OptionTable table = new OptionTable().value("--summary", "FILE", "The risk-summary.json of a run (required).");
        PolicyOptions.declare(table);
        return table;
    }

    @Override
    int call(Arguments arguments) throws IOException {
        RiskReport report = RiskSummaryReader.read(arguments.requiredPath("--summary", "Name a run's risk-summary.json."));
        GateResult result = GateEvaluator.evaluate(PolicyOptions.policy(arguments), report);
        stdout.println("decision: " + result.decision().id() + " (risk " + report.level().id() + ", " + report.findings().size() + " findings)");
        result.messages().forEach(line -> stdout.println("  " + line));
        stdout.flush();
        return result.decision().exitCode();
    }
}
