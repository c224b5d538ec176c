package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The gate's policy as options: a file, then single settings laid over it. */
final class PolicyOptions {
    @Option(names = "--policy", paramLabel = "FILE", description = "A policy file (YAML or JSON); keys left out keep the strict default.")
    Path policyFile;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Fail at this severity or above (default: critical; none: never).")
    String failOn;

    @Option(names = "--review-on", paramLabel = "SEVERITY", description = "Require review at this severity or above (default: high).")
    String reviewOn;

    @Option(names = "--unstable-on", paramLabel = "SEVERITY", description = "Mark unstable at this severity or above (default: medium).")
    String unstableOn;

    @Option(names = "--protected-path", paramLabel = "GLOB", description = "A path the agent must never touch; any change there fails.")
    List<String> protectedPaths = new ArrayList<>();

    @Option(names = "--allowed-path", paramLabel = "GLOB", description = "A path the agent may change; changes elsewhere need review.")
    List<String> allowedPaths = new ArrayList<>();

    @Option(names = "--max-changed-files", description = "More changed entries than this need review (default: 500; 0: no cap).")
    Integer maxChangedFiles;

    @Option(names = "--max-changed-lines", description = "More changed lines than this need review (default: 10000; 0: no cap).")
    Long maxChangedLines;

    Policy policy() throws IOException {
        Policy policy = Policy.strict();
        if (policyFile != null) {
            if (!Files.isRegularFile(policyFile)) {
                throw new io.jenkins.plugins.sbxagent.engine.spec.SpecException("--policy", policyFile + " is not a file.",
                        "Name a policy file, e.g. policy.yaml with failOn: critical.");
            }
            policy = Policy.read(policyFile);
        }
        // the options given on the command line laid over the file (or the strict default)
        policy = policy.overlay(severity("--fail-on", failOn), severity("--review-on", reviewOn), severity("--unstable-on", unstableOn),
                protectedPaths, allowedPaths, maxChangedFiles, maxChangedLines);
        return policy;
    }

    private static Severity severity(String option, String text) {
        return text == null ? null : Severity.parse(option, text);
    }
}
