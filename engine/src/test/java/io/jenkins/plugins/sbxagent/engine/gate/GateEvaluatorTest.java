package io.jenkins.plugins.sbxagent.engine.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate as documented in docs/risk-rules.md: worst decision wins, strict defaults, one item per active rule. */
class GateEvaluatorTest {
    private static final Policy STRICT = Policy.strict();
    private static final Policy NO_SEVERITY_RULES = STRICT.withFailOn(Severity.NONE).withReviewOn(Severity.NONE)
            .withUnstableOn(Severity.NONE);

    private static Finding finding(String rule, Severity severity, String path) {
        return new Finding(rule, severity, path, 1, "found " + rule, "evidence");
    }

    private static RiskReport report(List<Finding> findings, List<String> changedPaths, int changedFiles, long added, long removed) {
        Severity level = findings.stream().map(Finding::severity).reduce(Severity.NONE, Severity::worse);
        return new RiskReport(level, findings, changedFiles, added, removed, changedPaths, 1);
    }

    private static RiskReport report(Finding... findings) {
        return report(List.of(findings), List.of("src/a.java"), 1, 3, 1);
    }

    private static RiskReport changing(String... paths) {
        return report(List.of(), List.of(paths), paths.length, paths.length, 0);
    }

    private static GateItem item(GateResult result, String rule) {
        return result.items().stream().filter(i -> i.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + rule + " in " + result.items()));
    }

    @Test
    void shouldPassWithEveryDefaultItemListedAndPassingWhenNothingWasFound() {
        GateResult result = GateEvaluator.evaluate(STRICT, report());

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(result.active()).isTrue();
        assertThat(result.items()).extracting(GateItem::rule, GateItem::decision, GateItem::actual, GateItem::threshold).containsExactly(
                tuple("failOn", Decision.PASS, "0", "critical"),
                tuple("reviewOn", Decision.PASS, "0", "high"),
                tuple("unstableOn", Decision.PASS, "0", "medium"),
                tuple("maxChangedFiles", Decision.PASS, "1", "500"),
                tuple("maxChangedLines", Decision.PASS, "4", "10000"));
        assertThat(result.messages()).hasSize(5).allSatisfy(m -> assertThat(m).contains(": pass — "));
    }

    @Test
    void shouldFailOnOneCriticalFinding() {
        GateResult result = GateEvaluator.evaluate(STRICT, report(finding("ci-pipeline", Severity.CRITICAL, "Jenkinsfile")));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        GateItem failOn = item(result, "failOn");
        assertThat(failOn.decision()).isEqualTo(Decision.FAIL);
        assertThat(failOn.actual()).isEqualTo("1");
        assertThat(failOn.threshold()).isEqualTo("critical");
        assertThat(failOn.message()).isEqualTo("1 finding at critical or above");
        // a critical finding is also at or above high and medium: those rules trip too, fail is the worst
        assertThat(item(result, "reviewOn").decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(result, "unstableOn").decision()).isEqualTo(Decision.UNSTABLE);
    }

    @Test
    void shouldAskForReviewOnOneHighFinding() {
        GateResult result = GateEvaluator.evaluate(STRICT, report(finding("remote-code", Severity.HIGH, "run.sh")));

        assertThat(result.decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(result, "failOn")).extracting(GateItem::decision, GateItem::actual).containsExactly(Decision.PASS, "0");
        assertThat(item(result, "reviewOn")).extracting(GateItem::decision, GateItem::actual, GateItem::threshold)
                .containsExactly(Decision.REVIEW, "1", "high");
    }

    @Test
    void shouldMarkUnstableOnOneMediumFinding() {
        GateResult result = GateEvaluator.evaluate(STRICT, report(finding("executable", Severity.MEDIUM, "run.sh")));

        assertThat(result.decision()).isEqualTo(Decision.UNSTABLE);
        assertThat(item(result, "unstableOn")).extracting(GateItem::decision, GateItem::actual, GateItem::threshold)
                .containsExactly(Decision.UNSTABLE, "1", "medium");
        assertThat(item(result, "reviewOn").decision()).isEqualTo(Decision.PASS);
    }

    @Test
    void shouldPassWhenOnlyLowFindingsWereMade() {
        GateResult result = GateEvaluator.evaluate(STRICT, report(finding("large-diff", Severity.LOW, "big.txt"),
                finding("large-diff", Severity.LOW, "other.txt")));

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(result.items()).allSatisfy(i -> assertThat(i.decision()).isEqualTo(Decision.PASS));
    }

    @Test
    void shouldLetTheWorstDecisionWinWhenFindingsAreMixed() {
        RiskReport mixed = report(finding("large-diff", Severity.LOW, "a"), finding("executable", Severity.MEDIUM, "b"),
                finding("remote-code", Severity.HIGH, "c"), finding("executable", Severity.MEDIUM, "d"));

        GateResult result = GateEvaluator.evaluate(STRICT, mixed);

        assertThat(result.decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(result, "reviewOn").actual()).isEqualTo("1");
        assertThat(item(result, "unstableOn").actual()).isEqualTo("3");

        GateResult withCritical = GateEvaluator.evaluate(STRICT, report(finding("executable", Severity.MEDIUM, "b"),
                finding("ci-pipeline", Severity.CRITICAL, "Jenkinsfile"), finding("remote-code", Severity.HIGH, "c")));
        assertThat(withCritical.decision()).isEqualTo(Decision.FAIL);
    }

    @Test
    void shouldLetAnUnstableRuleWinOverPassingItemsButNotOverReview() {
        Policy policy = STRICT.withMaxChangedFiles(1);
        RiskReport report = report(List.of(finding("executable", Severity.MEDIUM, "a")), List.of("a", "b"), 2, 1, 0);

        GateResult result = GateEvaluator.evaluate(policy, report);

        assertThat(item(result, "unstableOn").decision()).isEqualTo(Decision.UNSTABLE);
        assertThat(item(result, "maxChangedFiles").decision()).isEqualTo(Decision.REVIEW);
        assertThat(result.decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void shouldCountFindingsAtOrAboveALoweredThreshold() {
        Policy policy = STRICT.withFailOn(Severity.MEDIUM);

        GateResult result = GateEvaluator.evaluate(policy, report(finding("large-diff", Severity.LOW, "a"),
                finding("executable", Severity.MEDIUM, "b"), finding("remote-code", Severity.HIGH, "c")));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(item(result, "failOn")).extracting(GateItem::actual, GateItem::threshold).containsExactly("2", "medium");
    }

    @Test
    void shouldDeactivateASeverityRuleWhoseThresholdIsNone() {
        RiskReport critical = report(finding("ci-pipeline", Severity.CRITICAL, "Jenkinsfile"));

        GateResult noFail = GateEvaluator.evaluate(STRICT.withFailOn(Severity.NONE), critical);
        assertThat(noFail.items()).extracting(GateItem::rule).doesNotContain("failOn").contains("reviewOn", "unstableOn");
        assertThat(noFail.decision()).isEqualTo(Decision.REVIEW);

        GateResult noneAtAll = GateEvaluator.evaluate(NO_SEVERITY_RULES, critical);
        assertThat(noneAtAll.items()).extracting(GateItem::rule).containsExactly("maxChangedFiles", "maxChangedLines");
        assertThat(noneAtAll.decision()).isEqualTo(Decision.PASS);
        assertThat(noneAtAll.active()).isTrue();
    }

    @Test
    void shouldBeInactiveWhenEveryRuleIsOffAndThereAreNoCaps() {
        Policy off = NO_SEVERITY_RULES.withMaxChangedFiles(0).withMaxChangedLines(0);

        GateResult result = GateEvaluator.evaluate(off, report(List.of(finding("ci-pipeline", Severity.CRITICAL, "Jenkinsfile")),
                List.of("Jenkinsfile"), 100_000, 1_000_000, 1_000_000));

        assertThat(result.active()).isFalse();
        assertThat(result.items()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(result.messages()).singleElement().asString().containsIgnoringCase("no gate rules are active");
    }

    @Test
    void shouldFailWhenAProtectedPathIsTouched() {
        Policy policy = NO_SEVERITY_RULES.withProtectedPaths(List.of("Jenkinsfile", ".github/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src/a.java", "Jenkinsfile", ".github/workflows/ci.yml"));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        GateItem item = item(result, "protectedPaths");
        assertThat(item.decision()).isEqualTo(Decision.FAIL);
        assertThat(item.actual()).isEqualTo("Jenkinsfile, .github/workflows/ci.yml");
        assertThat(item.threshold()).isEqualTo("Jenkinsfile, .github/**");
        assertThat(item.message()).startsWith("2 protected paths changed");
    }

    @Test
    void shouldMatchAProtectedNameWithoutSlashInAnyFolder() {
        Policy policy = NO_SEVERITY_RULES.withProtectedPaths(List.of("Jenkinsfile"));

        GateResult result = GateEvaluator.evaluate(policy, changing("sub/dir/Jenkinsfile"));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
    }

    @Test
    void shouldPassWhenNoProtectedPathIsTouched() {
        Policy policy = NO_SEVERITY_RULES.withProtectedPaths(List.of("Jenkinsfile", ".github/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src/a.java", "docs/Jenkinsfile.md", "github/x.yml"));

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(item(result, "protectedPaths")).extracting(GateItem::decision, GateItem::actual, GateItem::message)
                .containsExactly(Decision.PASS, "", "no protected path was touched");
    }

    @Test
    void shouldSummarizeMoreThanFiveTouchedPaths() {
        Policy policy = NO_SEVERITY_RULES.withProtectedPaths(List.of("deploy/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("deploy/1", "deploy/2", "deploy/3", "deploy/4", "deploy/5",
                "deploy/6", "deploy/7"));

        assertThat(item(result, "protectedPaths").actual()).isEqualTo("deploy/1, deploy/2, deploy/3, deploy/4, deploy/5 and 2 more");
    }

    @Test
    void shouldAskForReviewWhenAChangeLiesOutsideTheAllowedPaths() {
        Policy policy = NO_SEVERITY_RULES.withAllowedPaths(List.of("src/**", "docs/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src/a.java", "pom.xml", "docs/x.md"));

        assertThat(result.decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(result, "allowedPaths")).extracting(GateItem::decision, GateItem::actual, GateItem::threshold)
                .containsExactly(Decision.REVIEW, "pom.xml", "src/**, docs/**");
    }

    @Test
    void shouldPassWhenEveryChangeLiesInsideTheAllowedPaths() {
        Policy policy = NO_SEVERITY_RULES.withAllowedPaths(List.of("src/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src/a.java", "src/main/java/B.java"));

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(item(result, "allowedPaths").message()).isEqualTo("every change lies in the allowed paths");
    }

    @Test
    void shouldNotCountAParentFolderOfAnAllowedGlobAsOutside() {
        Policy policy = NO_SEVERITY_RULES.withAllowedPaths(List.of("src/**", "docs/api/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src", "src/a.java", "docs", "docs/api", "docs/api/x.md"));

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(item(result, "allowedPaths").actual()).isEmpty();
    }

    @Test
    void shouldStillCountASiblingWithTheSamePrefixAsOutside() {
        Policy policy = NO_SEVERITY_RULES.withAllowedPaths(List.of("src/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("sr", "src2/a.java", "srcx"));

        assertThat(result.decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(result, "allowedPaths").actual()).isEqualTo("sr, src2/a.java, srcx");
    }

    /**
     * Glob documents a leading '/' as anchoring at the workspace root, so {@code /src/**} and {@code src/**}
     * allow the same paths; the parent folder {@code src} of either is no change outside them.
     */
    @Test
    void shouldNotCountTheParentFolderOfARootAnchoredAllowedGlobAsOutside() {
        Policy policy = NO_SEVERITY_RULES.withAllowedPaths(List.of("/src/**"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src", "src/a.java"));

        assertThat(item(result, "allowedPaths").actual()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.PASS);
    }

    @Test
    void shouldCombineProtectedAndAllowedPathsWithFailWinning() {
        Policy policy = NO_SEVERITY_RULES.withAllowedPaths(List.of("src/**")).withProtectedPaths(List.of("Jenkinsfile"));

        GateResult result = GateEvaluator.evaluate(policy, changing("src/a.java", "Jenkinsfile"));

        assertThat(item(result, "allowedPaths").decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(result, "protectedPaths").decision()).isEqualTo(Decision.FAIL);
        assertThat(result.decision()).isEqualTo(Decision.FAIL);
    }

    @Test
    void shouldPassAtTheChangedFilesCapAndAskForReviewJustOverIt() {
        Policy policy = NO_SEVERITY_RULES.withMaxChangedFiles(10).withMaxChangedLines(0);

        GateResult at = GateEvaluator.evaluate(policy, report(List.of(), List.of(), 10, 0, 0));
        GateResult over = GateEvaluator.evaluate(policy, report(List.of(), List.of(), 11, 0, 0));

        assertThat(at.decision()).isEqualTo(Decision.PASS);
        assertThat(item(at, "maxChangedFiles")).extracting(GateItem::actual, GateItem::threshold).containsExactly("10", "10");
        assertThat(over.decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(over, "maxChangedFiles")).extracting(GateItem::decision, GateItem::actual, GateItem::threshold, GateItem::message)
                .containsExactly(Decision.REVIEW, "11", "10", "11 changed entries, cap 10");
    }

    @Test
    void shouldPassAtTheChangedLinesCapAndAskForReviewJustOverItCountingAddedPlusRemoved() {
        Policy policy = NO_SEVERITY_RULES.withMaxChangedFiles(0).withMaxChangedLines(100);

        GateResult at = GateEvaluator.evaluate(policy, report(List.of(), List.of(), 1, 60, 40));
        GateResult over = GateEvaluator.evaluate(policy, report(List.of(), List.of(), 1, 60, 41));

        assertThat(at.decision()).isEqualTo(Decision.PASS);
        assertThat(item(at, "maxChangedLines")).extracting(GateItem::actual, GateItem::threshold).containsExactly("100", "100");
        assertThat(over.decision()).isEqualTo(Decision.REVIEW);
        assertThat(item(over, "maxChangedLines")).extracting(GateItem::decision, GateItem::actual, GateItem::message)
                .containsExactly(Decision.REVIEW, "101", "101 changed lines, cap 100");
    }

    @Test
    void shouldApplyTheStrictDefaultCaps() {
        assertThat(GateEvaluator.evaluate(STRICT, report(List.of(), List.of(), 500, 5_000, 5_000)).decision()).isEqualTo(Decision.PASS);
        assertThat(GateEvaluator.evaluate(STRICT, report(List.of(), List.of(), 501, 0, 0)).decision()).isEqualTo(Decision.REVIEW);
        assertThat(GateEvaluator.evaluate(STRICT, report(List.of(), List.of(), 1, 5_000, 5_001)).decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void shouldNotCapWhenTheCapIsZero() {
        Policy policy = NO_SEVERITY_RULES.withMaxChangedFiles(0).withMaxChangedLines(0).withAllowedPaths(List.of("**"));

        GateResult result = GateEvaluator.evaluate(policy, report(List.of(), List.of("a"), Integer.MAX_VALUE, Long.MAX_VALUE / 2, 1));

        assertThat(result.items()).extracting(GateItem::rule).containsExactly("allowedPaths");
        assertThat(result.decision()).isEqualTo(Decision.PASS);
    }

    @Test
    void shouldWriteOneMessagePerItemNamingRuleAndDecision() {
        GateResult result = GateEvaluator.evaluate(STRICT, report(finding("remote-code", Severity.HIGH, "c")));

        assertThat(result.messages()).hasSize(result.items().size())
                .contains("reviewOn: review — 1 finding at high or above", "failOn: pass — 0 findings at critical or above");
    }

    @Test
    void shouldOrderDecisionsPassUnstableReviewFail() {
        assertThat(Decision.PASS.rank()).isLessThan(Decision.UNSTABLE.rank());
        assertThat(Decision.UNSTABLE.rank()).isLessThan(Decision.REVIEW.rank());
        assertThat(Decision.REVIEW.rank()).isLessThan(Decision.FAIL.rank());

        assertThat(Decision.worse(Decision.PASS, Decision.UNSTABLE)).isEqualTo(Decision.UNSTABLE);
        assertThat(Decision.worse(Decision.REVIEW, Decision.UNSTABLE)).isEqualTo(Decision.REVIEW);
        assertThat(Decision.worse(Decision.FAIL, Decision.REVIEW)).isEqualTo(Decision.FAIL);
        assertThat(Decision.worse(Decision.REVIEW, Decision.FAIL)).isEqualTo(Decision.FAIL);
        assertThat(Decision.worse(Decision.PASS, Decision.PASS)).isEqualTo(Decision.PASS);
        for (Decision a : Decision.values()) {
            for (Decision b : Decision.values()) {
                assertThat(Decision.worse(a, b)).isEqualTo(Decision.worse(b, a)).isEqualTo(a.rank() >= b.rank() ? a : b);
            }
        }
    }

    @Test
    void shouldMapDecisionsToTheDocumentedExitCodes() {
        assertThat(Decision.PASS.exitCode()).isZero();
        assertThat(Decision.REVIEW.exitCode()).isEqualTo(10);
        assertThat(Decision.UNSTABLE.exitCode()).isEqualTo(11);
        assertThat(Decision.FAIL.exitCode()).isEqualTo(12);
    }

    @Test
    void shouldOrderSeveritiesNoneToCritical() {
        assertThat(List.of(Severity.NONE, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL))
                .extracting(Severity::rank).isSorted().doesNotHaveDuplicates();
        assertThat(Severity.worse(Severity.HIGH, Severity.LOW)).isEqualTo(Severity.HIGH);
        assertThat(Severity.CRITICAL.isAtLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.MEDIUM.isAtLeast(Severity.HIGH)).isFalse();
    }

    @Test
    void shouldParseSeveritiesAndDecisionsAsUsersWriteThem() {
        assertThat(Severity.parse("failOn", " Critical ")).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.parse("failOn", "none")).isEqualTo(Severity.NONE);
        assertThat(Decision.parse("decision", "REVIEW")).isEqualTo(Decision.REVIEW);
        assertThat(Decision.parse("decision", "unstable")).isEqualTo(Decision.UNSTABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"loud", "", "crit", "warning"})
    void shouldRefuseAnUnknownSeverityNamingTheField(String text) {
        assertThatThrownBy(() -> Severity.parse("reviewOn", text)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("reviewOn: '" + text + "' is not a severity.")
                .hasMessageContaining("none, low, medium, high, critical")
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("reviewOn"));
    }

    @Test
    void shouldRefuseANullSeverityNamingTheField() {
        assertThatThrownBy(() -> Severity.parse("--fail-on", null)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--fail-on: ");
    }

    @Test
    void shouldRefuseAnUnknownDecisionNamingTheField() {
        assertThatThrownBy(() -> Decision.parse("expected", "maybe")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("expected: 'maybe' is not a decision.")
                .hasMessageContaining("pass, unstable, review, fail")
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("expected"));
    }

    @Test
    void shouldTellEachItemAsAReviewerReadsItWithoutOptionNames() {
        GateItem failing = new GateItem("failOn", Decision.FAIL, "1", "critical", "1 finding at critical or above");
        GateItem passing = new GateItem("protectedPaths", Decision.PASS, "", "Jenkinsfile", "no protected path was touched");

        assertThat(failing.sentence()).isEqualTo("1 finding at critical or above: the change must not be merged.");
        assertThat(passing.sentence()).isEqualTo("No protected path was touched.");
        assertThat(new GateResult(Decision.FAIL, List.of(failing, passing), true).sentences()).noneMatch(line -> line.contains("failOn"));
    }
}
