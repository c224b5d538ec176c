package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryReader;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sbx-agent gate}: decides a stored risk summary again under a policy. */
@Command(name = "gate", description = "Decides a stored risk-summary.json again under a policy; exits with the decision's code.",
        mixinStandardHelpOptions = true)
final class GateCommand implements Callable<Integer> {
    @Option(names = "--summary", required = true, paramLabel = "FILE", description = "The risk-summary.json of a run.")
    Path summary;

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        RiskReport report = RiskSummaryReader.read(summary);
        GateResult result = GateEvaluator.evaluate(policyOptions.policy(), report);
        PrintWriter out = commandSpec.commandLine().getOut();
        out.println("decision: " + result.decision().id() + " (risk " + report.level().id() + ", " + report.findings().size() + " findings)");
        result.messages().forEach(line -> out.println("  " + line));
        out.flush();
        return result.decision().exitCode();
    }
}
