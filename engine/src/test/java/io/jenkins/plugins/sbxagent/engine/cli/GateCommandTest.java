package io.jenkins.plugins.sbxagent.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryWriter;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sbx-agent gate} decides a stored risk-summary.json again and exits with the decision's code. */
class GateCommandTest {
    private static final RuleBook RULES = RuleBook.shipped();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Finding finding(String rule, Severity severity, String path) {
        return new Finding(rule, severity, path, 1, "found by " + rule, "evidence");
    }

    /** Writes a risk-summary.json as a run would, decided under the strict default. */
    private Path summary(List<Finding> findings, String... changedPaths) throws IOException {
        Severity level = findings.stream().map(Finding::severity).reduce(Severity.NONE, Severity::worse);
        RiskReport report = new RiskReport(level, findings, changedPaths.length, 10, 2, List.of(changedPaths), RULES.version());
        Path file = dir.resolve("risk-summary.json");
        try (OutputStream stream = Files.newOutputStream(file)) {
            new RiskSummaryWriter(report, GateEvaluator.evaluate(Policy.strict(), report), RULES).writeJson(stream);
        }
        return file;
    }

    private Path critical() throws IOException {
        return summary(List.of(finding("ci-pipeline", Severity.CRITICAL, "Jenkinsfile")), "Jenkinsfile");
    }

    private int gate(Path summary, String... options) {
        List<String> args = new ArrayList<>(List.of("gate", "--summary", summary.toString()));
        args.addAll(List.of(options));
        return execute(args.toArray(String[]::new));
    }

    private int execute(String... args) {
        return tool().execute(args);
    }

    /** The tool as main runs it, printing into this test's streams. */
    private SbxAgentCommand tool() {
        return new SbxAgentCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                System.getenv());
    }

    @Test
    void shouldFailACriticalFindingUnderTheDefaultPolicy() throws IOException {
        int code = gate(critical());

        assertThat(code).isEqualTo(12);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: fail (risk critical, 1 findings)")
                .contains("  failOn: fail — 1 finding at critical or above");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldAskForReviewOnAHighFinding() throws IOException {
        int code = gate(summary(List.of(finding("remote-code", Severity.HIGH, "run.sh")), "run.sh"));

        assertThat(code).isEqualTo(10);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: review");
    }

    @Test
    void shouldMarkUnstableOnAMediumFinding() throws IOException {
        int code = gate(summary(List.of(finding("executable", Severity.MEDIUM, "run.sh")), "run.sh"));

        assertThat(code).isEqualTo(11);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: unstable");
    }

    @Test
    void shouldPassWithoutFindings() throws IOException {
        int code = gate(summary(List.of(), "src/a.java"));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: pass (risk none, 0 findings)");
    }

    @Test
    void shouldPassACriticalFindingWhenEverySeverityRuleIsOff() throws IOException {
        int code = gate(critical(), "--fail-on", "none", "--review-on", "none", "--unstable-on", "none");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: pass (risk critical, 1 findings)").doesNotContain("failOn");
    }

    @Test
    void shouldSayWhenNoGateRuleIsActive() throws IOException {
        int code = gate(critical(), "--fail-on", "none", "--review-on", "none", "--unstable-on", "none", "--max-changed-files", "0",
                "--max-changed-lines", "0");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsIgnoringCase("no gate rules are active");
    }

    @Test
    void shouldFailWhenAProtectedPathWasChanged() throws IOException {
        int code = gate(summary(List.of(), "src/a.java", "README.md"), "--protected-path", "src/**");

        assertThat(code).isEqualTo(12);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: fail (risk none, 0 findings)").contains("protectedPaths: fail").contains("src/a.java");
    }

    @Test
    void shouldAskForReviewWhenAChangeLiesOutsideTheAllowedPaths() throws IOException {
        int code = gate(summary(List.of(), "src/a.java", "pom.xml"), "--allowed-path", "src/**");

        assertThat(code).isEqualTo(10);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("allowedPaths: review").contains("pom.xml");
    }

    @Test
    void shouldAskForReviewOverALoweredCap() throws IOException {
        int code = gate(summary(List.of(), "a", "b", "c"), "--max-changed-files", "2");

        assertThat(code).isEqualTo(10);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("maxChangedFiles: review — 3 changed entries, cap 2");
    }

    @Test
    void shouldDecideWithAPolicyFile() throws IOException {
        Path summary = summary(List.of(finding("remote-code", Severity.HIGH, "run.sh")), "run.sh");
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "failOn: high\n");

        int code = gate(summary, "--policy", policy.toString());

        assertThat(code).isEqualTo(12);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("decision: fail").contains("failOn: fail — 1 finding at high or above");
    }

    @Test
    void shouldLetALenientPolicyFilePassAndOptionsOverrideIt() throws IOException {
        Path summary = summary(List.of(finding("remote-code", Severity.HIGH, "run.sh")), "run.sh");
        Path policy = Files.writeString(dir.resolve("policy.json"), "{\"reviewOn\": \"none\", \"unstableOn\": \"none\"}");

        assertThat(gate(summary, "--policy", policy.toString())).isZero();
        assertThat(gate(summary, "--policy", policy.toString(), "--review-on", "high")).isEqualTo(10);
    }

    @Test
    void shouldAddProtectedPathOptionsToThoseOfThePolicyFile() throws IOException {
        Path summary = summary(List.of(), "deploy/prod.yml", "Jenkinsfile");
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "protectedPaths: [\"deploy/**\"]\n");

        int code = gate(summary, "--policy", policy.toString(), "--protected-path", "Jenkinsfile");

        assertThat(code).isEqualTo(12);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("protectedPaths: fail — 2 protected paths changed: deploy/prod.yml, Jenkinsfile");
    }

    @Test
    void shouldExitWithTwoWhenThePolicyFileHasAnUnknownKey() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "failon: none\n");

        int code = gate(critical(), "--policy", policy.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sbx-agent: --policy: ").contains("unknown key 'failon'");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldExitWithTwoWhenThePolicyFileIsMissing() throws IOException {
        Path missing = dir.resolve("no-such-policy.yaml");

        int code = gate(critical(), "--policy", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sbx-agent: --policy: ").contains(missing.toString());
    }

    /** A policy file that does not parse is bad input (exit code 2 naming --policy), not a sandbox failure. */
    @Test
    void shouldExitWithTwoWhenThePolicyFileDoesNotParse() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "failOn: [critical\n");

        int code = gate(critical(), "--policy", policy.toString());

        assertThat(code).as("exit code for a --policy file that does not parse; stderr: %s", err).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--policy");
    }

    @Test
    void shouldExitWithTwoWhenASeverityOptionIsBad() throws IOException {
        int code = gate(critical(), "--fail-on", "loud");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sbx-agent: --fail-on: 'loud' is not a severity.");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldExitWithTwoWhenACapIsNegative() throws IOException {
        int code = gate(critical(), "--max-changed-files", "-1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sbx-agent: ").contains("negative");
    }

    @Test
    void shouldExitWithTwoWhenTheSummaryOptionIsMissing() {
        int code = execute("gate");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--summary");
    }

    @Test
    void shouldExitWithTwoWhenTheSummaryIsOfAnotherSchemaVersion() throws IOException {
        Path file = Files.writeString(dir.resolve("risk-summary.json"), "{\"schemaVersion\": 2, \"level\": \"none\"}");

        int code = gate(file);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sbx-agent: --summary: ").contains(file.toString());
    }

    /** Documented: exit code 2 is bad input, with a message naming the option; a missing file is bad input. */
    @Test
    void shouldExitWithTwoWhenTheSummaryFileIsMissing() {
        Path missing = dir.resolve("no-such-summary.json");

        int code = gate(missing);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains(missing.toString());
        assertThat(code).as("exit code for a missing --summary file; stderr: %s", err).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--summary");
    }

    /** A file that is not JSON at all is bad input too, not a sandbox failure (exit code 3). */
    @Test
    void shouldExitWithTwoWhenTheSummaryIsNotJson() throws IOException {
        Path file = Files.writeString(dir.resolve("risk-summary.json"), "this is not json {");

        int code = gate(file);

        assertThat(code).as("exit code for a --summary file that is not JSON; stderr: %s", err).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--summary");
    }
}
