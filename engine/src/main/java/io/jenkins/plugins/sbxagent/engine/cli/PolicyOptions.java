package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The gate's policy as options, shared by {@code run} and {@code gate}: a file, then single settings laid over it. */
final class PolicyOptions {
    private PolicyOptions() {
    }

    static void declare(OptionTable table) {
        table.value("--policy", "FILE", "A policy file (YAML or JSON); keys left out keep the strict default.")
                .value("--fail-on", "SEVERITY", "Fail at this severity or above (default: critical; none: never).")
                .value("--review-on", "SEVERITY", "Require review at this severity or above (default: high).")
                .value("--unstable-on", "SEVERITY", "Mark unstable at this severity or above (default: medium).")
                .value("--protected-path", "GLOB", "A path the agent must never touch; any change there fails. Repeatable.")
                .value("--allowed-path", "GLOB", "A path the agent may change; changes elsewhere need review. Repeatable.")
                .value("--max-changed-files", "N", "More changed entries than this need review (default: 500; 0: no cap).")
                .value("--max-changed-lines", "N", "More changed lines than this need review (default: 10000; 0: no cap).");
    }

    static Policy policy(Arguments arguments) throws IOException {
        Policy policy = Policy.strict();
        Path policyFile = arguments.path("--policy");
        if (policyFile != null) {
            if (!Files.isRegularFile(policyFile)) {
                throw new SpecException("--policy", policyFile + " is not a file.", "Name a policy file, e.g. policy.yaml with failOn: critical.");
            }
            policy = Policy.read(policyFile);
        }
        // the options given on the command line laid over the file (or the strict default)
        return policy.overlay(severity(arguments, "--fail-on"), severity(arguments, "--review-on"), severity(arguments, "--unstable-on"),
                arguments.list("--protected-path"), arguments.list("--allowed-path"), arguments.whole("--max-changed-files"),
                arguments.wholeLong("--max-changed-lines"));
    }

    private static Severity severity(Arguments arguments, String option) {
        String text = arguments.text(option);
        return text == null ? null : Severity.parse(option, text);
    }
}
