package io.jenkins.plugins.sbxagent.engine.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rules part of docs/risk-rules.md, made from the shipped rules so that the page cannot drift
 * from them: {@link RiskRulesDocTest} fails when it differs, and prints what it should say.
 */
final class RiskRulesDoc {
    static final String BEGIN = "<!-- rules: generated from risk-rules.yaml by RiskRulesDoc; edit the YAML, not this table -->";
    static final String END = "<!-- end of rules -->";

    private static final Map<String, String> DETECTORS = new LinkedHashMap<>();

    static {
        DETECTORS.put("nested-repository", "a `.git` folder below the workspace root, or a folder holding HEAD, objects and refs");
        DETECTORS.put("links", "symbolic links added or retargeted (critical when absolute, leaving the workspace or pointing into .git; high inside it) and files with more than one hard link");
        DETECTORS.put("bound-secrets", "the run's bound secrets, in any encoding: each changed file (text or binary), entry name or link target"
                + " that holds one is named; agent.log and read files where one was masked are named too, and the patches and changes.json"
                + " when no changed entry explains what was masked there");
        DETECTORS.put("token-formats", "credential shapes (AWS, GitHub, GitLab, Slack, private keys, JWTs, Google, Stripe, Anthropic, OpenAI, npm, PyPI, Azure, Docker Hub, Hugging Face) in added lines and the agent log");
        DETECTORS.put("binary", "files with a NUL byte in their first 8000 bytes, added or changed");
        DETECTORS.put("lockfile", "download hosts the lockfile did not use before; integrity hashes changed without a version change");
        DETECTORS.put("path-anomalies", "names with control characters or bytes that are not UTF-8, names imitating .git, invisible characters in names, names differing from a sibling only in case");
        DETECTORS.put("executables", "new executables, executable bits set, new scripts; setuid/setgid bits (critical) and world-writable modes (high)");
        DETECTORS.put("git-config", "`.git/config`, the work trees' `config.worktree` and the workspace files they include, read as git reads"
                + " them; each key set or changed that runs a program or points git elsewhere (core.fsmonitor, sshCommand, pager, editor,"
                + " hooksPath, worktree, credential helpers, aliases, filter, diff and merge drivers, include.path, url.*.insteadOf,"
                + " remote URLs, hook.*.command, ...) is critical; any other change is one finding at the rule's severity");
        DETECTORS.put("manifest-scripts", "the scripts npm (package.json) and Composer (composer.json) run by themselves, read as they"
                + " read them: JSON escapes decoded, every scripts object counted; each one added or changed is a finding at its line");
        DETECTORS.put("gitignore-hides", "a .gitignore edit that makes git ignore an entry it did not before, among the changed entries and"
                + " the entries of that file's folder (git's ignore rules: exclude, each .gitignore down to the path, negations, folder-only"
                + " patterns, ignored folders)");
        DETECTORS.put("ignored-changes", "the changed entries git ignores after the run, as one finding that counts them and names the first;"
                + " medium when one is a script or an executable");
        DETECTORS.put("toml-build", "pyproject.toml's build-system (build-backend, backend-path, requires) and Cargo.toml's build script,"
                + " read as TOML (quoted, escaped and dotted keys decoded); each one set or changed is a finding");
        DETECTORS.put("network-denied", "hosts and ports the egress proxy refused, from network.log (runs with network allowlist)");
        DETECTORS.put("large-diff", "more than " + Detectors.LARGE_DIFF_LINES + " changed lines or " + Detectors.LARGE_DIFF_FILES
                + " changed entries in all, or more than " + Detectors.LARGE_FILE_LINES + " changed lines in one file; a file over "
                + (RiskAnalyzer.TEXT_LIMIT >> 20) + " MiB is read streaming (its lines counted, its first " + LargeText.SAMPLE_LINES
                + " changed lines given to the content rules) and rated medium");
    }

    private RiskRulesDoc() {
    }

    static String render(RuleBook book) {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append("| id | severity | family | what it looks at | why it matters | reference |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (RiskRule rule : book.rules()) {
            md.append("| `").append(rule.id()).append("` | ").append(rule.severity().id())
                    .append(rule.match().escalateTo() != Severity.NONE ? " (" + rule.match().escalateTo().id() + " when escalated)" : "")
                    .append(" | ").append(rule.family()).append(" | ").append(cell(looksAt(rule.match()))).append(" | ")
                    .append(cell(rule.why())).append(" | ").append(cell(rule.reference())).append(" |\n");
        }
        return md.append('\n').append(END).append('\n').toString();
    }

    private static String looksAt(RuleMatch match) {
        StringBuilder text = new StringBuilder();
        if (!match.paths().isEmpty()) {
            List<String> globs = match.paths().stream().map(Glob::toString).toList();
            text.append("paths ").append(globs.stream().limit(8).map(g -> "`" + g + "`").collect(Collectors.joining(", ")))
                    .append(globs.size() > 8 ? " and " + (globs.size() - 8) + " more" : "");
        }
        if (!match.excludePaths().isEmpty()) {
            text.append(", except ").append(match.excludePaths().stream().map(g -> "`" + g + "`").collect(Collectors.joining(", ")));
        }
        if (!match.kinds().isEmpty()) {
            text.append(text.length() > 0 ? "; " : "").append("when ").append(match.kinds().stream().map(k -> k.id()).sorted()
                    .collect(Collectors.joining(", ")));
        }
        if (!match.types().isEmpty()) {
            text.append(text.length() > 0 ? "; " : "").append("when a ").append(match.types().stream().map(t -> t.id()).sorted()
                    .collect(Collectors.joining(" or ")));
        }
        if (!match.content().isEmpty()) {
            text.append(text.length() > 0 ? "; " : "").append(match.content().size()).append(" pattern(s) on added lines")
                    .append(match.scanLog() ? " and the agent log" : "");
        }
        if (!match.escalateContent().isEmpty()) {
            text.append("; raised to ").append(match.escalateTo().id()).append(" by ").append(match.escalateContent().size())
                    .append(" pattern(s) (hooks, MCP servers, permission modes, privileged settings)");
        }
        if (match.hasDetector()) {
            text.append(text.length() > 0 ? "; " : "").append("detector `").append(match.detector()).append("`: ")
                    .append(DETECTORS.getOrDefault(match.detector(), "built in"));
        }
        return text.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public static void main(String[] args) {
        System.out.print(render(RuleBook.shipped()));
    }
}
