package io.jenkins.plugins.sbxagent.engine.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.sbxagent.engine.agent.AgentUsage;
import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateItem;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RiskRule;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three risk-summary formats, with agent-controlled text that must not break any of them. */
class RiskSummaryWriterTest {
    private static final RuleBook RULES = RuleBook.shipped();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String SPACED_PATH = "dé jà.txt";
    private static final String ESCAPED_PATH = "bad\\xffname";
    private static final String HOSTILE_MESSAGE = "pipe to shell <script>alert(1)</script> a|b\nnext line";
    private static final String HOSTILE_EVIDENCE = "curl `x` ``` | sh\nsecond <script>";

    private static final Finding PIPELINE = new Finding("ci-pipeline", Severity.CRITICAL, "Jenkinsfile", 3, "pipeline changed",
            "sh 'make'");
    private static final Finding WORKFLOW = new Finding("ci-pipeline", Severity.CRITICAL, ".github/workflows/ci.yml", 0, "workflow added",
            "");
    private static final Finding REMOTE = new Finding("remote-code", Severity.HIGH, SPACED_PATH, 7, HOSTILE_MESSAGE, HOSTILE_EVIDENCE);
    private static final Finding EXECUTABLE = new Finding("executable", Severity.MEDIUM, ESCAPED_PATH, 0, "new executable", "mode 755");
    private static final Finding LARGE = new Finding("large-diff", Severity.LOW, "big file.txt", 0, "more than 2000 changed lines", "");

    @TempDir
    Path dir;

    private static RiskReport report(List<Finding> findings) {
        Severity level = findings.stream().map(Finding::severity).reduce(Severity.NONE, Severity::worse);
        return new RiskReport(level, findings, 6, 2345, 17,
                List.of("Jenkinsfile", ".github/workflows/ci.yml", SPACED_PATH, ESCAPED_PATH, "big file.txt", "src"), RULES.version());
    }

    private static RiskReport fullReport() {
        // deliberately out of order: the report sorts them most severe first
        return report(List.of(LARGE, EXECUTABLE, REMOTE, WORKFLOW, PIPELINE));
    }

    private static RiskSummaryWriter writer(RiskReport report) {
        return new RiskSummaryWriter(report, GateEvaluator.evaluate(Policy.strict(), report), RULES);
    }

    private interface Write {
        void to(OutputStream out) throws IOException;
    }

    private static String written(Write write) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write.to(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(RiskReport report) throws IOException {
        return MAPPER.readTree(written(writer(report)::writeJson));
    }

    private static String markdown(RiskReport report) throws IOException {
        return written(writer(report)::writeMarkdown);
    }

    private static JsonNode sarif(RiskReport report) throws IOException {
        return MAPPER.readTree(written(writer(report)::writeSarif));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- JSON -------------------------------------------------------------------------------------

    @Test
    void shouldWriteEveryDocumentedTopLevelKeyOfSchemaVersionOne() throws IOException {
        JsonNode root = json(fullReport());

        assertThat(names(root)).containsExactly("schemaVersion", "level", "decision", "counts", "stats", "gate", "rulesVersion", "findings",
                "changedPaths");
        assertThat(root.get("schemaVersion").isInt()).isTrue();
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1).isEqualTo(RiskSummaryWriter.SCHEMA_VERSION);
        assertThat(root.get("level").asText()).isEqualTo("critical");
        assertThat(root.get("decision").asText()).isEqualTo("fail");
        assertThat(root.get("rulesVersion").asInt()).isEqualTo(RULES.version());
    }

    @Test
    void shouldSayHowTheAgentEndedInBothSummaries() throws IOException {
        RiskReport report = fullReport();
        GateResult gate = GateEvaluator.evaluate(Policy.strict(), report);
        AgentUsage stopped = new AgentUsage(12, 4, 300, 30, null, 0, "Working on <it> **now**\nstill", true, true,
                "max_turns: turn 4 began, the budget is 3; stopped by sbx-agent");
        RiskSummaryWriter writer = new RiskSummaryWriter(report, gate, RULES, "codex", stopped, UnaryOperator.identity());

        JsonNode agent = MAPPER.readTree(written(writer::writeJson)).get("agent");
        String md = written(writer::writeMarkdown);

        assertThat(agent.get("kind").asText()).isEqualTo("codex");
        assertThat(agent.get("succeeded").asBoolean()).isFalse();
        assertThat(agent.get("overBudget").asBoolean()).isTrue();
        assertThat(agent.get("turns").asInt()).isEqualTo(4);
        assertThat(agent.get("costUsd").isNull()).isTrue();
        assertThat(md).contains("## The agent").contains("ran out of budget").contains("after 4 turns; 300 input and 30 output tokens.")
                .contains("> Working on &lt;it&gt; \\*\\*now\\*\\* still").doesNotContain("<it>");
        String long_ = "x".repeat(RiskSummaryWriter.MESSAGE_LIMIT + 50);
        AgentUsage chatty = new AgentUsage(3, 1, 1, 1, 0.5, 0, long_, true, false, "success");
        assertThat(written(new RiskSummaryWriter(report, gate, RULES, "claude", chatty, UnaryOperator.identity())::writeMarkdown)).contains("said it succeeded")
                .contains("$0.5000").contains("x".repeat(RiskSummaryWriter.MESSAGE_LIMIT) + " …").doesNotContain(long_);
        assertThat(written(new RiskSummaryWriter(report, gate, RULES)::writeMarkdown)).doesNotContain("## The agent");
    }

    @Test
    void shouldMaskAgentTextBeforeEscapingIt() throws IOException {
        // escaped first, "ghp_..." would become "ghp\\_...", which the masking of the written bytes no longer knows
        String secret = "ghp_stand_in_secret_0123456789";
        RiskReport report = new RiskReport(Severity.NONE, List.of(), 1, 1, 0, List.of("notes.txt"), RULES.version());
        AgentUsage usage = new AgentUsage(2, 1, 1, 1, null, 0, "The token is " + secret, true, false, "completed");
        UnaryOperator<String> mask = text -> text.replace(secret, "****");

        String md = written(new RiskSummaryWriter(report, GateEvaluator.evaluate(Policy.strict(), report), RULES, "codex", usage, mask)
                ::writeMarkdown);

        assertThat(md).contains("> The token is \\*\\*\\*\\*").doesNotContain("ghp").doesNotContain("stand\\_in");
    }

    @Test
    void shouldNameNoPathForAFindingAboutTheWholeChangeSet() throws IOException {
        Finding whole = new Finding("ignored-changes", Severity.LOW, "", 0, "3 changed entries are ignored by git", "");

        String md = markdown(report(List.of(whole, LARGE)));

        assertThat(md).contains("\n- 3 changed entries are ignored by git\n").doesNotContain("`  `");
    }

    @Test
    void shouldWriteCountsPerSeverityAndStats() throws IOException {
        JsonNode root = json(fullReport());

        assertThat(names(root.get("counts"))).containsExactly("critical", "high", "medium", "low");
        assertThat(root.get("counts").get("critical").asLong()).isEqualTo(2);
        assertThat(root.get("counts").get("high").asLong()).isEqualTo(1);
        assertThat(root.get("counts").get("medium").asLong()).isEqualTo(1);
        assertThat(root.get("counts").get("low").asLong()).isEqualTo(1);
        assertThat(names(root.get("stats"))).containsExactly("changedFiles", "addedLines", "removedLines");
        assertThat(root.get("stats").get("changedFiles").asInt()).isEqualTo(6);
        assertThat(root.get("stats").get("addedLines").asLong()).isEqualTo(2345);
        assertThat(root.get("stats").get("removedLines").asLong()).isEqualTo(17);
    }

    @Test
    void shouldWriteTheGateWithOneItemPerActiveRule() throws IOException {
        RiskReport report = fullReport();
        GateResult gate = GateEvaluator.evaluate(Policy.strict(), report);

        JsonNode root = json(report);

        assertThat(root.get("gate").get("active").isBoolean()).isTrue();
        assertThat(root.get("gate").get("active").asBoolean()).isTrue();
        JsonNode items = root.get("gate").get("items");
        assertThat(items).hasSize(gate.items().size());
        for (int i = 0; i < gate.items().size(); i++) {
            GateItem expected = gate.items().get(i);
            JsonNode item = items.get(i);
            assertThat(names(item)).containsExactly("rule", "decision", "actual", "threshold", "message");
            assertThat(item.get("rule").asText()).isEqualTo(expected.rule());
            assertThat(item.get("decision").asText()).isEqualTo(expected.decision().id());
            assertThat(item.get("actual").asText()).isEqualTo(expected.actual());
            assertThat(item.get("threshold").asText()).isEqualTo(expected.threshold());
            assertThat(item.get("message").asText()).isEqualTo(expected.message());
        }
        assertThat(items.get(0).get("rule").asText()).isEqualTo("failOn");
        assertThat(items.get(0).get("actual").asText()).isEqualTo("2");
        assertThat(items.get(0).get("threshold").asText()).isEqualTo("critical");
        assertThat(items.get(0).get("decision").asText()).isEqualTo("fail");
    }

    @Test
    void shouldWriteAnInactiveGate() throws IOException {
        RiskReport report = report(List.of());
        Policy off = Policy.strict().withFailOn(Severity.NONE).withReviewOn(Severity.NONE).withUnstableOn(Severity.NONE)
                .withMaxChangedFiles(0).withMaxChangedLines(0);

        JsonNode root = MAPPER.readTree(written(new RiskSummaryWriter(report, GateEvaluator.evaluate(off, report), RULES)::writeJson));

        assertThat(root.get("level").asText()).isEqualTo("none");
        assertThat(root.get("decision").asText()).isEqualTo("pass");
        assertThat(root.get("gate").get("active").asBoolean()).isFalse();
        assertThat(root.get("gate").get("items")).isEmpty();
        assertThat(root.get("findings").isArray()).isTrue();
        assertThat(root.get("findings")).isEmpty();
    }

    @Test
    void shouldWriteFindingsMostSevereFirstWithNullForLineZero() throws IOException {
        JsonNode findings = json(fullReport()).get("findings");

        assertThat(findings).hasSize(5);
        for (JsonNode finding : findings) {
            assertThat(names(finding)).containsExactly("rule", "severity", "path", "line", "message", "evidence");
        }
        assertThat(findings).extracting(f -> f.get("severity").asText()).containsExactly("critical", "critical", "high", "medium", "low");
        // within a severity, by path
        assertThat(findings.get(0).get("path").asText()).isEqualTo(".github/workflows/ci.yml");
        assertThat(findings.get(0).get("line").isNull()).isTrue();
        assertThat(findings.get(1).get("path").asText()).isEqualTo("Jenkinsfile");
        assertThat(findings.get(1).get("line").isInt()).isTrue();
        assertThat(findings.get(1).get("line").asInt()).isEqualTo(3);
        assertThat(findings.get(1).get("rule").asText()).isEqualTo("ci-pipeline");
        assertThat(findings.get(1).get("message").asText()).isEqualTo("pipeline changed");
        assertThat(findings.get(1).get("evidence").asText()).isEqualTo("sh 'make'");
        assertThat(findings.get(3).get("line").isNull()).isTrue();
    }

    @Test
    void shouldKeepAgentControlledTextExactInJson() throws IOException {
        JsonNode root = json(fullReport());
        JsonNode remote = root.get("findings").get(2);

        assertThat(remote.get("rule").asText()).isEqualTo("remote-code");
        assertThat(remote.get("path").asText()).isEqualTo(SPACED_PATH);
        assertThat(remote.get("line").asInt()).isEqualTo(7);
        assertThat(remote.get("message").asText()).isEqualTo(HOSTILE_MESSAGE);
        assertThat(remote.get("evidence").asText()).isEqualTo(HOSTILE_EVIDENCE);
        assertThat(root.get("findings").get(3).get("path").asText()).isEqualTo(ESCAPED_PATH);
        assertThat(root.get("changedPaths")).extracting(JsonNode::asText)
                .containsExactly("Jenkinsfile", ".github/workflows/ci.yml", SPACED_PATH, ESCAPED_PATH, "big file.txt", "src");
    }

    @Test
    void shouldWriteJsonAsUtf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer(fullReport()).writeJson(out);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\"dé jà.txt\"").contains("\"bad\\\\xffname\"");
    }

    @Test
    void shouldReadBackAnEqualReportThatTheGateDecidesTheSame() throws IOException {
        RiskReport report = fullReport();
        Path file = dir.resolve("risk-summary.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            writer(report).writeJson(out);
        }

        RiskReport back = RiskSummaryReader.read(file);

        assertThat(back.level()).isEqualTo(report.level());
        assertThat(back.findings()).isEqualTo(report.findings());
        assertThat(back.changedFiles()).isEqualTo(report.changedFiles());
        assertThat(back.addedLines()).isEqualTo(report.addedLines());
        assertThat(back.removedLines()).isEqualTo(report.removedLines());
        assertThat(back.changedPaths()).isEqualTo(report.changedPaths());
        assertThat(back.rulesVersion()).isEqualTo(report.rulesVersion());
        assertThat(back).isEqualTo(report);
        for (Policy policy : List.of(Policy.strict(), Policy.strict().withFailOn(Severity.NONE),
                Policy.strict().withAllowedPaths(List.of("src/**")), Policy.strict().withProtectedPaths(List.of("*.txt")))) {
            assertThat(GateEvaluator.evaluate(policy, back)).isEqualTo(GateEvaluator.evaluate(policy, report));
        }
    }

    @Test
    void shouldReadBackAReportWithoutFindings() throws IOException {
        RiskReport report = new RiskReport(Severity.NONE, List.of(), 0, 0, 0, List.of(), RULES.version());
        Path file = dir.resolve("empty.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            writer(report).writeJson(out);
        }

        assertThat(RiskSummaryReader.read(file)).isEqualTo(report);
    }

    @Test
    void shouldRefuseASummaryOfAnotherSchemaVersionNamingSummary() throws IOException {
        Path file = dir.resolve("risk-summary.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            writer(fullReport()).writeJson(out);
        }
        ObjectNode root = (ObjectNode) MAPPER.readTree(file.toFile());
        root.put("schemaVersion", 2);
        Files.writeString(file, MAPPER.writeValueAsString(root));

        assertThatThrownBy(() -> RiskSummaryReader.read(file)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--summary: ")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version 1")
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("--summary"));
    }

    @Test
    void shouldRefuseASummaryWithoutSchemaVersionNamingSummary() throws IOException {
        Path file = Files.writeString(dir.resolve("other.json"), "{\"level\": \"none\"}");

        assertThatThrownBy(() -> RiskSummaryReader.read(file)).isInstanceOf(SpecException.class).hasMessageStartingWith("--summary: ");
    }

    // ---- Markdown ---------------------------------------------------------------------------------

    private static List<String> findingLines(String md) {
        return md.lines().filter(l -> l.startsWith("- `")).toList();
    }

    @Test
    void shouldCountAsChangesJsonCountsAndSayWhatItLeavesOut() throws IOException {
        // 11 entries besides 1 folder: changes.json says count 11 and lists 12
        List<String> paths = new ArrayList<>(List.of("src"));
        for (int i = 0; i < 11; i++) {
            paths.add("src/file" + i + ".txt");
        }
        RiskReport report = new RiskReport(Severity.NONE, List.of(), 11, 11, 0, paths, RULES.version());

        assertThat(markdown(report).lines().filter(l -> !l.isBlank()).toList().get(2))
                .isEqualTo("11 changed entries besides 1 folder (changes.json lists all 12), +11 / -0 lines. Findings: 0 critical, 0 high, 0 medium, 0 low.");
    }

    @Test
    void shouldPutTheDecisionFirst() throws IOException {
        String md = markdown(fullReport());

        List<String> lines = md.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(0)).isEqualTo("# sbx-agent risk summary");
        assertThat(lines.get(1)).startsWith("**Decision: FAIL**").contains("risk level **critical**");
        assertThat(md.indexOf("**Decision: FAIL**")).isLessThan(md.indexOf("## Why this decision"));
        assertThat(lines.get(2)).isEqualTo("6 changed entries, +2345 / -17 lines. Findings: 2 critical, 1 high, 1 medium, 1 low.");
    }

    @Test
    void shouldListTheReasonsOneLinePerPolicyRule() throws IOException {
        RiskReport report = fullReport();
        String md = markdown(report);

        for (String message : GateEvaluator.evaluate(Policy.strict(), report).messages()) {
            assertThat(md).contains("- " + message + "\n");
        }
    }

    @Test
    void shouldOrderSectionsFromCriticalToLow() throws IOException {
        String md = markdown(fullReport());

        int critical = md.indexOf("\n## Critical (2)\n");
        int high = md.indexOf("\n## High (1)\n");
        int medium = md.indexOf("\n## Medium (1)\n");
        int low = md.indexOf("\n## Low (1)\n");
        assertThat(critical).isPositive().isGreaterThan(md.indexOf("## Why this decision"));
        assertThat(high).isGreaterThan(critical);
        assertThat(medium).isGreaterThan(high);
        assertThat(low).isGreaterThan(medium);
        assertThat(md).doesNotContain("No findings.");
    }

    @Test
    void shouldLeaveOutEmptySectionsAndSayWhenThereAreNoFindings() throws IOException {
        String onlyMedium = markdown(report(List.of(EXECUTABLE)));
        assertThat(onlyMedium).contains("## Medium (1)").doesNotContain("## Critical").doesNotContain("## High").doesNotContain("## Low");

        String none = markdown(report(List.of()));
        assertThat(none).startsWith("# sbx-agent risk summary\n\n**Decision: PASS**").contains("\nNo findings.\n");
    }

    @Test
    void shouldExplainEachRuleOnceWithItsTitleAndId() throws IOException {
        String md = markdown(fullReport());

        for (String id : List.of("ci-pipeline", "remote-code", "executable", "large-diff")) {
            RiskRule rule = RULES.rule(id);
            assertThat(occurrences(md, "\n### " + rule.title() + " (`" + id + "`)\n")).as("heading of %s", id).isEqualTo(1);
            assertThat(occurrences(md, "_Why it matters:_ " + rule.why())).as("why of %s", id).isEqualTo(1);
        }
        // both ci-pipeline findings sit under the one heading
        int heading = md.indexOf("(`ci-pipeline`)");
        int next = md.indexOf("\n## High");
        assertThat(md.substring(heading, next)).contains("Jenkinsfile:3").contains(".github/workflows/ci.yml");
    }

    @Test
    void shouldNameAnUnknownRuleByItsIdWithoutWhy() throws IOException {
        Finding custom = new Finding("site-custom-rule", Severity.HIGH, "x.txt", 1, "custom", "ev");

        String md = markdown(report(List.of(custom)));

        assertThat(md).contains("\n### site-custom-rule (`site-custom-rule`)\n").doesNotContain("_Why it matters:_");
    }

    @Test
    void shouldPutAgentTextInCodeSpansWhoseFenceIsLongerThanAnyBacktickRun() throws IOException {
        String md = markdown(fullReport());

        String line = findingLines(md).stream().filter(l -> l.contains(SPACED_PATH)).findFirst().orElseThrow();
        assertThat(line).startsWith("- ` " + SPACED_PATH + ":7 ` — ");
        // the evidence holds runs of 1 and 3 backticks: the fence is 4 long, and the newline is flattened
        assertThat(line).endsWith("<br>```` curl `x` ``` | sh second <script> ````");
        for (String finding : findingLines(md)) {
            assertCodeSpansAreClosed(finding);
        }
    }

    @Test
    void shouldPutPathsWithBackticksInLongerFences() throws IOException {
        Finding ticks = new Finding("executable", Severity.MEDIUM, "a``b`c.sh", 2, "new script", "``");

        String line = findingLines(markdown(report(List.of(ticks)))).get(0);

        assertThat(line).isEqualTo("- ``` a``b`c.sh:2 ``` — new script<br>``` `` ```");
    }

    @Test
    void shouldWriteNoRawNewlineInsideAFindingLine() throws IOException {
        String md = markdown(fullReport());

        List<String> lines = findingLines(md);
        assertThat(lines).hasSize(5);
        String remote = lines.stream().filter(l -> l.contains(SPACED_PATH)).findFirst().orElseThrow();
        assertThat(remote).contains("next line").contains("second");
        assertThat(md.lines().filter(l -> l.startsWith("next line") || l.startsWith("second"))).isEmpty();
    }

    /** CommonMark ends a line at CR as well as at LF: a CR in agent text must not start a new Markdown line either. */
    @Test
    void shouldWriteNoCarriageReturnInsideAFindingLine() throws IOException {
        Finding crlf = new Finding("remote-code", Severity.HIGH, "a.sh", 1, "first\r\n# Heading injected\rmore", "ev\r\nidence");

        String md = markdown(report(List.of(crlf)));

        assertThat(md).doesNotContain("\r");
    }

    /**
     * The reasons name the changed paths a path rule tripped on; those names are the agent's, so they
     * must not reach the Markdown as raw HTML or Markdown either.
     */
    @Test
    void shouldNotWriteAgentChosenPathsRawIntoTheReasons() throws IOException {
        String hostile = "deploy/<img src=x onerror=alert(1)>[x](javascript:alert(1)).txt";
        RiskReport report = new RiskReport(Severity.NONE, List.of(), 1, 1, 0, List.of(hostile), RULES.version());
        Policy policy = Policy.strict().withProtectedPaths(List.of("deploy/**"));
        GateResult gate = GateEvaluator.evaluate(policy, report);
        assertThat(gate.decision().id()).isEqualTo("fail");

        String md = written(new RiskSummaryWriter(report, gate, RULES)::writeMarkdown);

        String reason = md.lines().filter(l -> l.startsWith("- protectedPaths:")).findFirst().orElseThrow();
        // brackets escaped: no link can form, whatever follows them
        assertThat(reason).doesNotContain("<img").doesNotContain("[x](").contains("\\[x\\]");
    }

    @Test
    void shouldEscapeMarkupInMessages() throws IOException {
        String md = markdown(fullReport());

        String remote = findingLines(md).stream().filter(l -> l.contains(SPACED_PATH)).findFirst().orElseThrow();
        String message = remote.substring(remote.indexOf(" — ") + 3, remote.lastIndexOf("<br>"));
        assertThat(message).isEqualTo("pipe to shell &lt;script&gt;alert(1)&lt;/script&gt; a\\|b next line");
        assertThat(message).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void shouldEscapeMarkdownSyntaxInMessages() throws IOException {
        Finding marked = new Finding("large-diff", Severity.LOW, "a", 0, "*bold* _it_ `code` [link](x) # \\ |", "");

        String line = findingLines(markdown(report(List.of(marked)))).get(0);

        assertThat(line).isEqualTo("- ` a ` — \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\# \\\\ \\|");
    }

    @Test
    void shouldLeaveOutTheLineNumberAndEvidenceWhenThereAreNone() throws IOException {
        String md = markdown(fullReport());

        assertThat(findingLines(md)).contains("- ` .github/workflows/ci.yml ` — workflow added", "- ` Jenkinsfile:3 ` — pipeline changed<br>` sh 'make' `",
                "- ` " + ESCAPED_PATH + " ` — new executable<br>` mode 755 `");
    }

    private static void assertCodeSpansAreClosed(String line) {
        Matcher fence = Pattern.compile("`+").matcher(line);
        List<Integer> runs = new ArrayList<>();
        while (fence.find()) {
            runs.add(fence.end() - fence.start());
        }
        // walk the line the way CommonMark does: an opening run is closed by the next run of equal length
        int i = 0;
        while (i < runs.size()) {
            int open = runs.get(i);
            int close = i + 1;
            while (close < runs.size() && runs.get(close) != open) {
                close++;
            }
            assertThat(close).as("code span of %d backticks in %s is closed", open, line).isLessThan(runs.size());
            i = close + 1;
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    // ---- SARIF ------------------------------------------------------------------------------------

    @Test
    void shouldWriteOneSarifRunOfSbxAgent() throws IOException {
        JsonNode sarif = sarif(fullReport());

        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).contains("sarif-schema-2.1.0.json");
        assertThat(sarif.get("runs")).hasSize(1);
        assertThat(sarif.get("runs").get(0).get("tool").get("driver").get("name").asText()).isEqualTo("sbx-agent");
    }

    @Test
    void shouldDescribeOnlyTheRulesThatFoundSomething() throws IOException {
        JsonNode rules = sarif(fullReport()).get("runs").get(0).get("tool").get("driver").get("rules");

        assertThat(rules).extracting(r -> r.get("id").asText()).containsExactly("ci-pipeline", "remote-code", "executable", "large-diff");
        for (JsonNode descriptor : rules) {
            RiskRule rule = RULES.rule(descriptor.get("id").asText());
            assertThat(descriptor.get("shortDescription").get("text").asText()).isEqualTo(rule.title());
            assertThat(descriptor.get("fullDescription").get("text").asText()).isEqualTo(rule.why());
            assertThat(descriptor.get("defaultConfiguration").get("level").asText()).isEqualTo(expectedLevel(rule.severity()));
            assertThat(descriptor.get("properties").get("security-severity").asText()).isEqualTo(expectedSecuritySeverity(rule.severity()));
            assertThat(descriptor.get("properties").get("tags")).extracting(JsonNode::asText).contains("security");
        }
        assertThat(rules.get(0).get("properties").get("security-severity").asText()).isEqualTo("9.5");
        assertThat(rules.get(0).get("defaultConfiguration").get("level").asText()).isEqualTo("error");
        assertThat(rules.get(1).get("properties").get("security-severity").asText()).isEqualTo("8.0");
        assertThat(rules.get(1).get("defaultConfiguration").get("level").asText()).isEqualTo("error");
        assertThat(rules.get(2).get("properties").get("security-severity").asText()).isEqualTo("5.5");
        assertThat(rules.get(2).get("defaultConfiguration").get("level").asText()).isEqualTo("warning");
        assertThat(rules.get(3).get("properties").get("security-severity").asText()).isEqualTo("3.0");
        assertThat(rules.get(3).get("defaultConfiguration").get("level").asText()).isEqualTo("note");
    }

    @Test
    void shouldDescribeNoRulesWithoutFindingsAndNoUnknownRule() throws IOException {
        JsonNode none = sarif(report(List.of())).get("runs").get(0);
        assertThat(none.get("tool").get("driver").get("rules")).isEmpty();
        assertThat(none.get("results")).isEmpty();

        Finding custom = new Finding("site-custom-rule", Severity.HIGH, "x.txt", 1, "custom", "ev");
        JsonNode run = sarif(report(List.of(custom, EXECUTABLE))).get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules")).extracting(r -> r.get("id").asText()).containsExactly("executable");
        assertThat(run.get("results")).extracting(r -> r.get("ruleId").asText()).containsExactly("site-custom-rule", "executable");
    }

    @Test
    void shouldWriteOneResultPerFindingWithRuleLevelAndLocation() throws IOException {
        RiskReport report = fullReport();
        JsonNode results = sarif(report).get("runs").get(0).get("results");

        assertThat(results).hasSize(report.findings().size());
        for (int i = 0; i < results.size(); i++) {
            Finding finding = report.findings().get(i);
            JsonNode result = results.get(i);
            assertThat(result.get("ruleId").asText()).isEqualTo(finding.rule());
            assertThat(result.get("level").asText()).isEqualTo(expectedLevel(finding.severity()));
            assertThat(result.get("properties").get("severity").asText()).isEqualTo(finding.severity().id());
            assertThat(result.get("locations")).hasSize(1);
            JsonNode physical = result.get("locations").get(0).get("physicalLocation");
            if (finding.line() > 0) {
                assertThat(physical.get("region").get("startLine").asInt()).isEqualTo(finding.line());
            } else {
                assertThat(physical.has("region")).as("region of %s", finding).isFalse();
            }
        }
        assertThat(results).extracting(r -> r.get("level").asText()).containsExactly("error", "error", "error", "warning", "note");
        assertThat(results.get(2).get("message").get("text").asText()).isEqualTo(HOSTILE_MESSAGE + ": " + HOSTILE_EVIDENCE);
        assertThat(results.get(0).get("message").get("text").asText()).isEqualTo("workflow added");
    }

    @Test
    void shouldPercentEncodeArtifactUris() throws IOException {
        JsonNode results = sarif(fullReport()).get("runs").get(0).get("results");

        Set<String> uris = new LinkedHashSet<>();
        results.forEach(r -> uris.add(r.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText()));

        assertThat(uris).containsExactly(".github/workflows/ci.yml", "Jenkinsfile", "d%C3%A9%20j%C3%A0.txt", "bad%FFname", "big%20file.txt");
    }

    @Test
    void shouldPercentEncodeReservedCharactersAndEscapedBackslashes() {
        assertThat(RiskSummaryWriter.uri("a#b?c%d.txt")).isEqualTo("a%23b%3Fc%25d.txt");
        assertThat(RiskSummaryWriter.uri("dir/x y/z~-_.")).isEqualTo("dir/x%20y/z~-_.");
        assertThat(RiskSummaryWriter.uri("back\\\\slash")).isEqualTo("back%5Cslash");
        assertThat(RiskSummaryWriter.uri("tab\\x09name")).isEqualTo("tab%09name");
    }

    @Test
    void shouldMapSeveritiesToSarifLevelsAndSecuritySeverities() {
        assertThat(RiskSummaryWriter.level(Severity.CRITICAL)).isEqualTo("error");
        assertThat(RiskSummaryWriter.level(Severity.HIGH)).isEqualTo("error");
        assertThat(RiskSummaryWriter.level(Severity.MEDIUM)).isEqualTo("warning");
        assertThat(RiskSummaryWriter.level(Severity.LOW)).isEqualTo("note");
        assertThat(List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)).extracting(RiskSummaryWriter::securitySeverity)
                .containsExactly("9.5", "8.0", "5.5", "3.0");
    }

    private static String expectedLevel(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    private static String expectedSecuritySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            default -> "3.0";
        };
    }
}
