package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rates a change set against the rules. Each changed file is read and diffed once, and all rules
 * look at it then; the agent log is read once, line by line. Memory holds one file's added lines at
 * a time.
 */
public final class RiskAnalyzer {
    /** Text files larger than this are not scanned line by line (the binary and large-diff rules still see them). */
    public static final long TEXT_LIMIT = 8L << 20;
    /** Findings of one rule in one file beyond this are summed up in one more finding. */
    static final int FINDINGS_PER_RULE_AND_FILE = 20;

    private final RuleBook rules;
    private final Evidence evidence;
    private final Detectors detectors;

    public RiskAnalyzer(RuleBook rules, SecretMasker masker) {
        this.rules = rules;
        this.evidence = new Evidence(masker);
        this.detectors = new Detectors(evidence, masker);
    }

    /**
     * The changed entries git ignores after the run: what {@code git status} and {@code git diff} will not show. Found
     * once, for {@code changes.json} and the rating alike ({@link AnalysisInput#ignoredByGit}).
     */
    public static java.util.Set<String> ignoredByGit(List<io.jenkins.plugins.sbxagent.engine.change.Change> changes,
            io.jenkins.plugins.sbxagent.engine.change.FileTree after) throws IOException {
        return IgnoredChanges.paths(changes, after);
    }

    public RiskReport analyze(AnalysisInput input) throws IOException {
        List<Finding> findings = new ArrayList<>();
        long added = 0;
        long removed = 0;
        int changedFiles = Change.count(input.changes());
        List<String> paths = new ArrayList<>();
        for (Change change : input.changes()) {
            paths.add(change.path());
            ChangeText text = ChangeText.of(change, input.before(), input.after(), TEXT_LIMIT);
            added += text.addedCount();
            removed += text.removed();
            for (RiskRule rule : rules.rules()) {
                Capped capped = new Capped(rule, change.path(), findings);
                if (!rule.match().selects(change.path(), change.kind(), change.type())) {
                    // paths, kinds, types and exclusions narrow detector rules like any other
                } else if (rule.match().hasDetector()) {
                    detectors.inspect(rule, change, text, input, capped);
                } else {
                    matchChange(rule, change, text, capped);
                }
                capped.summarize();
            }
        }
        for (RiskRule rule : rules.rules()) {
            if (rule.match().hasDetector()) {
                detectors.inspectAll(rule, input, added, removed, changedFiles, findings::add);
            }
        }
        scanLog(input, findings);
        Severity level = findings.stream().map(Finding::severity).reduce(Severity.NONE, Severity::worse);
        return new RiskReport(level, findings, changedFiles, added, removed, paths, rules.version());
    }

    private void matchChange(RiskRule rule, Change change, ChangeText text, Consumer<Finding> out) {
        RuleMatch match = rule.match();
        if (match.content().isEmpty()) {
            Severity severity = rule.severity();
            String proof = "";
            for (ChangeText.AddedLine line : text.added()) {
                if (matchesAny(match.escalateContent(), line.text())) {
                    severity = Severity.worse(severity, match.escalateTo());
                    proof = "line " + line.number() + ": " + evidence.of(line.text());
                    break;
                }
            }
            out.accept(new Finding(rule.id(), severity, change.path(), 0, rule.title() + " (" + change.kind().id() + ")", proof));
            return;
        }
        for (ChangeText.AddedLine line : text.added()) {
            for (Pattern pattern : match.content()) {
                Matcher matcher = pattern.matcher(line.text());
                if (matcher.find()) {
                    Severity severity = matchesAny(match.escalateContent(), line.text())
                            ? Severity.worse(rule.severity(), match.escalateTo()) : rule.severity();
                    out.accept(new Finding(rule.id(), severity, change.path(), line.number(), rule.title(), evidence.around(line.text(), matcher)));
                    break;
                }
            }
        }
    }

    private void scanLog(AnalysisInput input, List<Finding> findings) throws IOException {
        List<RiskRule> logRules = rules.rules().stream().filter(r -> r.match().scanLog()).toList();
        if (input.agentLog() == null || logRules.isEmpty() || !Files.isRegularFile(input.agentLog())) {
            return;
        }
        Matcher[] tokenMatchers = TokenFormats.matchers();
        Map<String, Integer> counts = new HashMap<>();
        List<Consumer<Finding>> outs = new ArrayList<>();
        for (RiskRule rule : logRules) {
            outs.add(finding -> {
                if (counts.merge(rule.id(), 1, Integer::sum) <= FINDINGS_PER_RULE_AND_FILE) {
                    findings.add(finding);
                }
            });
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(input.agentLog()), decoder))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                for (int i = 0; i < logRules.size(); i++) {
                    RiskRule rule = logRules.get(i);
                    Consumer<Finding> out = outs.get(i);
                    if (rule.match().detector().equals("token-formats")) {
                        detectors.tokenInLog(rule, line, number, tokenMatchers, out);
                    }
                    for (Pattern pattern : rule.match().content()) {
                        Matcher matcher = pattern.matcher(line);
                        if (matcher.find()) {
                            out.accept(new Finding(rule.id(), rule.severity(), "agent.log", number, rule.title() + " (in the agent's output)",
                                    evidence.around(line, matcher)));
                            break;
                        }
                    }
                }
            }
        }
    }

    private static boolean matchesAny(List<Pattern> patterns, String line) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the first findings of one rule in one file and counts the rest into a last one. */
    private static final class Capped implements Consumer<Finding> {
        private final RiskRule rule;
        private final String path;
        private final List<Finding> findings;
        private int count;
        private Severity worstDropped = Severity.NONE;

        Capped(RiskRule rule, String path, List<Finding> findings) {
            this.rule = rule;
            this.path = path;
            this.findings = findings;
        }

        @Override
        public void accept(Finding finding) {
            if (++count <= FINDINGS_PER_RULE_AND_FILE) {
                findings.add(finding);
            } else {
                worstDropped = Severity.worse(worstDropped, finding.severity());
            }
        }

        void summarize() {
            if (count > FINDINGS_PER_RULE_AND_FILE) {
                findings.add(new Finding(rule.id(), worstDropped, path, 0,
                        (count - FINDINGS_PER_RULE_AND_FILE) + " more findings of this rule in this file", ""));
            }
        }
    }
}
