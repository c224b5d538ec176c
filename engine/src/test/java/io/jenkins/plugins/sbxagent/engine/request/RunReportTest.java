package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a host tells a run's end: its verdict, its log line, its values and its check, with one count everywhere. */
class RunReportTest {
    private static RunReport report(String outcome, int exit, String decision, int critical, int changes) {
        List<RunReport.FindingLine> findings = critical == 0 ? List.of()
                : List.of(new RunReport.FindingLine("git-hook", "critical", ".git/hooks/pre-commit", 0, "a git hook was written", ""));
        return new RunReport(outcome, exit, decision, critical > 0 ? "critical" : "none", new int[] {critical, 0, 0, 0}, findings, changes,
                false, outcome.equals("sandbox-error") ? "no Docker engine" : "", List.of("No protected path was touched."),
                List.of("agent.log", "diff.patch", "git-internal.patch", "risk-summary.md"), List.of("git-internal.patch"));
    }

    @Test
    void shouldFailTheBuildForAFailedRunOrGateAndMarkItUnstableForReviewOrUnstable() {
        assertThat(report("succeeded", 0, "pass", 0, 1).verdict()).isEqualTo(RunReport.Verdict.SUCCESS);
        assertThat(report("succeeded", 0, "unstable", 0, 1).verdict()).isEqualTo(RunReport.Verdict.UNSTABLE);
        assertThat(report("succeeded", 0, "review", 0, 1).verdict()).isEqualTo(RunReport.Verdict.UNSTABLE);
        assertThat(report("succeeded", 0, "fail", 1, 1).verdict()).isEqualTo(RunReport.Verdict.FAILURE);
        assertThat(report("agent-failed", 3, "pass", 0, 0).verdict()).isEqualTo(RunReport.Verdict.FAILURE);
        assertThat(report("sandbox-error", -1, null, 0, 0).verdict()).isEqualTo(RunReport.Verdict.FAILURE);
    }

    @Test
    void shouldSayHowTheRunEndedWithOneCountAndRightPlurals() {
        RunReport failed = report("succeeded", 0, "fail", 1, 1);

        assertThat(failed.message("sbx-agent/b1")).isEqualTo("the gate failed the change: risk critical, 1 finding, 1 changed entry:"
                + " decision fail (see sbx-agent/b1/risk-summary.md)");
        assertThat(report("agent-failed", 3, "pass", 0, 2).message("f")).startsWith("the agent failed (exit 3); risk none, 0 findings,"
                + " 2 changed entries");
        assertThat(report("sandbox-error", -1, null, 0, 0).message("f")).startsWith("the sandbox failed: no Docker engine; ");
        assertThat(report("interrupted", -1, null, 0, 0).message("f")).startsWith("the run was aborted; ");
        assertThat(failed.getAgentText()).isEqualTo("finished (exit 0)");
        assertThat(report("agent-failed", 3, "pass", 0, 0).getAgentText()).isEqualTo("failed (exit 3)");
        assertThat(failed.getDecisionText()).isEqualTo("Fail: the change must not be merged");
        assertThat(report("succeeded", 0, "review", 0, 1).getDecisionText())
                .isEqualTo("Review: a person must review the change before it is merged");
        assertThat(List.of("pass", "unstable", "review", "fail").stream().map(d -> report("succeeded", 0, d, 0, 1).getIcon()).distinct())
                .as("one icon per decision").hasSize(4);
        assertThat(report("succeeded", 0, "pass", 0, 1).getTone()).isEqualTo("success");
        assertThat(report("succeeded", 0, "review", 0, 1).getTone()).isEqualTo("warning");
        assertThat(report("timed-out", -1, null, 0, 0).getTone()).isEqualTo("error");
        assertThat(report("timed-out", -1, null, 0, 0).getDecisionText()).isEqualTo("No decision: the run ended before the gate");
    }

    @Test
    void shouldReturnThePipelinesValuesAndThePullRequestsCheck() {
        RunReport failed = report("succeeded", 0, "fail", 1, 1);

        assertThat(failed.values("sbx-agent/b1", 2)).containsEntry("sessionId", null).containsEntry("decision", "fail").containsEntry("findings", 1)
                .containsEntry("critical", 1).containsEntry("changes", 1).containsEntry("artifacts", "sbx-agent/b1").containsEntry("index", 2)
                .containsEntry("exitCode", 0).containsEntry("outcome", "succeeded");
        PullRequestCheck check = PullRequestCheck.of(failed);
        assertThat(check.conclusion()).isEqualTo("failure");
        assertThat(check.title()).isEqualTo("sbx-agent: Fail: the change must not be merged");
        assertThat(check.summary()).startsWith("Risk critical: 1 critical, 0 high, 0 medium, 0 low; 1 changed entry; agent finished (exit 0).")
                .contains("No protected path was touched.");
        assertThat(check.annotations()).containsExactly(new PullRequestCheck.Annotation(".git/hooks/pre-commit", 1, "failure",
                "git-hook (critical)", "a git hook was written"));
        assertThat(PullRequestCheck.of(report("succeeded", 0, "review", 0, 1)).conclusion()).isEqualTo("action_required");
        assertThat(PullRequestCheck.of(report("succeeded", 0, "unstable", 0, 1)).conclusion()).isEqualTo("success");
        assertThat(PullRequestCheck.of(report("agent-failed", 1, "pass", 0, 1)).conclusion()).isEqualTo("failure");
        assertThat(failed.findingsOf("critical")).hasSize(1);
        assertThat(failed.getPatches()).as("an empty diff.patch is not where the change is").containsExactly("git-internal.patch");
    }

    @Test
    void shouldReadARecordThatNamesNoKnownOutcomeOrDecisionWithoutThrowing() {
        RunReport odd = new RunReport("exploded", -1, "maybe", "none", new int[4], List.of(), 0, false, "", List.of(), List.of(), List.of());

        assertThat(odd.verdict()).isEqualTo(RunReport.Verdict.FAILURE);
        assertThat(odd.getDecisionText()).isEqualTo("Maybe: not a decision this version knows");
        assertThat(odd.getAgentText()).startsWith("never ran to its end");
    }

    @Test
    void shouldGiveTheAnswerAsPlainValuesAPipelineReads() throws Exception {
        Object plain = RunReport.plain(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"verdict\": \"ready\", \"files\": 2, \"ratio\": 0.5, \"ok\": true, \"notes\": [\"a\", null]}"));

        assertThat(plain).isEqualTo(java.util.Map.of("verdict", "ready", "files", 2L, "ratio", new java.math.BigDecimal("0.5"), "ok", true,
                "notes", java.util.Arrays.asList("a", null)));
    }
}
