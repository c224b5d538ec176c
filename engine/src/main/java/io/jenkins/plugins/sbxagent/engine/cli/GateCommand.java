package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryReader;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import java.io.IOException;
import java.io.PrintStream;

/** {@code sbx-agent gate}: decides a stored risk summary again under a policy. */
final class GateCommand implements ToolCommand {
    private final PrintStream stdout;

    GateCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public String synopsis() {
        return "--summary FILE [OPTIONS]";
    }

    @Override
    public String summary() {
        return "Decides a stored risk-summary.json again under a policy; exits with the decision's code.";
    }

    @Override
    public OptionTable options() {
        OptionTable table = new OptionTable().value("--summary", "FILE", "The risk-summary.json of a run (required).");
        PolicyOptions.declare(table);
        return table;
    }

    @Override
    public int call(Arguments arguments) throws IOException {
        RiskReport report = RiskSummaryReader.read(arguments.requiredPath("--summary", "Name a run's risk-summary.json."));
        GateResult result = GateEvaluator.evaluate(PolicyOptions.policy(arguments), report);
        stdout.println("decision: " + result.decision().id() + " (risk " + report.level().id() + ", " + report.findings().size() + " findings)");
        result.messages().forEach(line -> stdout.println("  " + line));
        stdout.flush();
        return result.decision().exitCode();
    }
}
