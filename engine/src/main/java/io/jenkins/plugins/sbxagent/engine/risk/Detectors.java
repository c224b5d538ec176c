package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.text.Plural;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.ChangeKind;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in checks that rules name with {@code detector:}, for what path and content patterns
 * cannot say. Per-change detectors see one change and its text; whole-set detectors see them all.
 */
final class Detectors {
    static final Set<String> NAMES = Set.of("nested-repository", "links", "bound-secrets", "token-formats", "binary", "lockfile",
            "path-anomalies", "executables", "large-diff", "network-denied", "git-config", "manifest-scripts", "ignored-changes", "gitignore-hides", "toml-build");

    /** Lines added plus removed above which a change set, or one file, counts as very large. */
    static final long LARGE_DIFF_LINES = 5000;
    static final long LARGE_FILE_LINES = 2000;
    static final int LARGE_DIFF_FILES = 500;

    private static final Pattern URL_HOST = Pattern.compile("(?i)\\b(?:https?|git\\+https?|git|ssh)://(?:[^/\\s@\"']+@)?([a-z0-9.-]+)");
    private static final Pattern INTEGRITY = Pattern.compile("(?i)\"?(integrity|checksum|resolved-hash|sha1|sha256|sha512)\"?\\s*[:=]|\\bh1:[A-Za-z0-9+/=]{20,}|\\bsha(1|256|512)-[A-Za-z0-9+/=]{20,}");
    private static final Pattern VERSION = Pattern.compile("(?i)^\\s*\"?version\"?\\s*[:=]|@\\d|\\bv\\d+\\.\\d+|^\\s*[\\w.-]+ \\(\\d");
    private static final Pattern GIT_IMITATION = Pattern.compile("(?i)\\.git[\\s.\u200b-\u200d\ufeff]+|git~\\d+|\\.git(::\\$index_allocation|:\\$i30)");
    private static final Pattern HASH_VALUE = Pattern.compile("\\bh1:[A-Za-z0-9+/=]+|\\bsha(1|256|384|512)-[A-Za-z0-9+/=]+|\\b[0-9a-f]{32,}\\b");
    private static final Pattern VERSIONED = Pattern.compile("\\bv?\\d+\\.\\d+");
    private static final Pattern SCRIPT_NAME = Pattern.compile("(?i).*\\.(sh|bash|zsh|ksh|fish|ps1|psm1|bat|cmd|command)$");

    private final Evidence evidence;
    private final SecretMasker masker;
    private final Map<String, Map<String, List<String>>> siblings = new java.util.HashMap<>();

    Detectors(Evidence evidence, SecretMasker masker) {
        this.evidence = evidence;
        this.masker = masker;
    }

    /** Runs a per-change detector on one change. */
    void inspect(RiskRule rule, Change change, ChangeText text, AnalysisInput input, Consumer<Finding> out) throws IOException {
        switch (rule.match().detector()) {
            case "links" -> links(rule, change, input.after(), out);
            case "token-formats" -> tokens(rule, change.path(), text.added(), out);
            case "binary" -> binary(rule, change, out);
            case "lockfile" -> lockfile(rule, change, text, out);
            case "path-anomalies" -> pathAnomalies(rule, change, input.after(), out);
            case "executables" -> executables(rule, change, text, out);
            case "large-diff" -> largeFile(rule, change, text, out);
            case "manifest-scripts" -> ManifestScripts.inspect(rule, change, input, evidence, out);
            case "gitignore-hides" -> IgnoredChanges.gitignoreHides(rule, change, input, out);
            case "toml-build" -> BuildManifests.inspect(rule, change, input, out);
            default -> {
                // whole-set detectors run in inspectAll
            }
        }
    }

    /** Runs a whole-set detector. */
    void inspectAll(RiskRule rule, AnalysisInput input, long addedLines, long removedLines, int changedFiles, Consumer<Finding> out)
            throws IOException {
        switch (rule.match().detector()) {
            case "nested-repository" -> nestedRepositories(rule, input, out);
            case "bound-secrets" -> new BoundSecretsCheck(rule, input, masker).inspect(out);
            case "network-denied" -> deniedConnections(rule, input, out);
            case "git-config" -> new GitConfigCheck(rule, input, evidence).inspect(out);
            case "ignored-changes" -> IgnoredChanges.ignoredChanges(rule, input, out);
            case "large-diff" -> {
                if (addedLines + removedLines > LARGE_DIFF_LINES || changedFiles > LARGE_DIFF_FILES) {
                    out.accept(finding(rule, rule.severity(), "", 0, changedFiles + " entries and " + (addedLines + removedLines)
                            + " lines changed; review in full, not by sampling", ""));
                }
            }
            default -> {
                // per-change detectors run in inspect
            }
        }
    }

    /** The per-file part of large-diff: one file with very many changed lines. */
    private void largeFile(RiskRule rule, Change change, ChangeText text, Consumer<Finding> out) {
        long lines = text.addedCount() + text.removed();
        if (lines > LARGE_FILE_LINES || text.large()) {
            // a file the content rules could not read whole is worth a closer look than a merely long one
            Severity severity = text.large() ? Severity.worse(rule.severity(), Severity.MEDIUM) : rule.severity();
            out.accept(finding(rule, severity, change.path(), 0, lines + " lines changed in one file" + (text.large()
                    ? "; it is over " + (RiskAnalyzer.TEXT_LIMIT >> 20) + " MiB, so the content rules read only its first "
                    + LargeText.SAMPLE_LINES + " changed lines" : ""), ""));
        }
    }

    private void links(RiskRule rule, Change change, FileTree after, Consumer<Finding> out) throws IOException {
        EntryState now = change.after();
        if (now == null) {
            return;
        }
        if (now.type() == EntryType.SYMLINK && change.kind() != ChangeKind.MODE_CHANGED) {
            String target = now.linkTarget();
            String where = linkDestination(change.path(), target);
            Severity severity = where == null ? rule.severity() : Severity.HIGH;
            String message = where == null ? "symbolic link " + (change.kind() == ChangeKind.ADDED ? "added" : "retargeted")
                    + " to " + target + ", which " + (target.startsWith("/") ? "is an absolute path outside the workspace"
                    : pointsIntoGit(change.path(), target) ? "points into .git" : "leaves the workspace")
                    : "symbolic link " + (change.kind() == ChangeKind.ADDED ? "added" : "retargeted") + " to " + where + " inside the workspace";
            out.accept(finding(rule, severity, change.path(), 0, message, evidence.of(change.path() + " -> " + target)));
            return;
        }
        if (now.type() == EntryType.FILE && (change.kind() == ChangeKind.ADDED || change.kind() == ChangeKind.MODIFIED)) {
            Optional<Path> host = after.locate(change.path());
            if (host.isPresent()) {
                int links = (Integer) Files.getAttribute(host.get(), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                if (links > 1) {
                    out.accept(finding(rule, Severity.HIGH, change.path(), 0, "hard link: the file has " + links
                            + " names, and a write through one changes them all", ""));
                }
            }
        }
    }

    /** Where a relative link lands inside the workspace, or {@code null} when it leaves it or enters .git. */
    static String linkDestination(String linkPath, String target) {
        if (target.startsWith("/") || target.isEmpty()) {
            return null;
        }
        Path base = Path.of("/workspace", linkPath).getParent();
        Path resolved = base.resolve(target).normalize();
        if (!resolved.startsWith("/workspace") || resolved.equals(Path.of("/workspace"))) {
            return resolved.equals(Path.of("/workspace")) ? "." : null;
        }
        String inside = Path.of("/workspace").relativize(resolved).toString();
        return inside.equals(".git") || inside.startsWith(".git/") ? null : inside;
    }

    private static boolean pointsIntoGit(String linkPath, String target) {
        Path resolved = Path.of("/workspace", linkPath).getParent().resolve(target).normalize();
        return resolved.startsWith("/workspace/.git");
    }

    private void tokens(RiskRule rule, String path, List<ChangeText.AddedLine> lines, Consumer<Finding> out) {
        Matcher[] matchers = TokenFormats.matchers();
        for (ChangeText.AddedLine line : lines) {
            TokenFormats.Format format = TokenFormats.find(line.text(), matchers);
            if (format != null) {
                out.accept(finding(rule, rule.severity(), path, line.number(), format.name() + " written", evidence.of(line.text())));
            }
        }
    }

    /** The token-formats check of one log line. */
    void tokenInLog(RiskRule rule, String line, int number, Matcher[] matchers, Consumer<Finding> out) {
        TokenFormats.Format format = TokenFormats.find(line, matchers);
        if (format != null) {
            out.accept(finding(rule, rule.severity(), "agent.log", number, format.name() + " printed by the agent", evidence.of(line)));
        }
    }

    private void binary(RiskRule rule, Change change, Consumer<Finding> out) {
        if (change.binary() && change.after() != null && change.after().type() == EntryType.FILE) {
            out.accept(finding(rule, rule.severity(), change.path(), 0, "binary file " + change.kind().id() + " ("
                    + change.after().size() + " bytes); it cannot be reviewed as text", ""));
        }
    }

    private void lockfile(RiskRule rule, Change change, ChangeText text, Consumer<Finding> out) {
        if (!text.isText() || change.before() == null) {
            return;
        }
        Set<String> knownHosts = new HashSet<>();
        Matcher hosts = URL_HOST.matcher(text.before());
        while (hosts.find()) {
            knownHosts.add(hosts.group(1).toLowerCase(Locale.ROOT));
        }
        Set<String> reported = new HashSet<>();
        int integrityAdded = 0;
        int versionAdded = 0;
        for (ChangeText.AddedLine line : text.added()) {
            Matcher url = URL_HOST.matcher(line.text());
            while (url.find()) {
                String host = url.group(1).toLowerCase(Locale.ROOT);
                if (!knownHosts.contains(host) && reported.add(host)) {
                    out.accept(finding(rule, rule.severity(), change.path(), line.number(), "resolves from a host the lockfile did not use before: "
                            + host, evidence.of(line.text())));
                }
            }
            if (INTEGRITY.matcher(line.text()).find()) {
                integrityAdded++;
            }
            if (VERSION.matcher(line.text()).find()) {
                versionAdded++;
            }
        }
        // single-line formats (go.sum, Gemfile.lock checksums): the same name and version with another hash
        Set<String> removedKeys = new HashSet<>();
        for (String line : text.removedLines()) {
            if (INTEGRITY.matcher(line).find()) {
                removedKeys.add(withoutHashes(line));
            }
        }
        for (ChangeText.AddedLine line : text.added()) {
            String key = withoutHashes(line.text());
            if (INTEGRITY.matcher(line.text()).find() && VERSIONED.matcher(key).find() && removedKeys.contains(key)) {
                out.accept(finding(rule, rule.severity(), change.path(), line.number(),
                        "hash changed for the same name and version: the same version would install other content", evidence.of(line.text())));
                return;
            }
        }
        if (integrityAdded > 0 && versionAdded == 0 && text.removed() > 0) {
            out.accept(finding(rule, rule.severity(), change.path(), 0, integrityAdded
                    + " integrity hash(es) changed while no version changed: the same version would install other content", ""));
        }
    }

    private static String withoutHashes(String line) {
        return HASH_VALUE.matcher(line).replaceAll("#").strip();
    }

    private void pathAnomalies(RiskRule rule, Change change, FileTree after, Consumer<Finding> out) throws IOException {
        if (change.after() == null) {
            return;
        }
        String path = change.path();
        if (path.contains("\\x")) {
            out.accept(finding(rule, rule.severity(), path, 0, "name holds control characters or bytes that are not UTF-8", ""));
        }
        for (String part : path.split("/")) {
            if (!part.equals(".git") && (part.equalsIgnoreCase(".git") || GIT_IMITATION.matcher(part).matches())) {
                out.accept(finding(rule, rule.severity(), path, 0, "name '" + part + "' imitates .git; case-insensitive or Windows file systems read it as .git", ""));
            }
            if (part.codePoints().anyMatch(Detectors::invisible)) {
                out.accept(finding(rule, rule.severity(), path, 0, "name holds invisible or direction-changing characters", ""));
            }
        }
        if (change.kind() == ChangeKind.ADDED) {
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash);
            String name = path.substring(slash + 1);
            Map<String, List<String>> byFolded = siblingsByFolded(parent, after);
            Optional<String> twin = byFolded.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
                    .filter(other -> !other.equals(name)).findFirst();
            if (twin.isPresent()) {
                out.accept(finding(rule, rule.severity(), path, 0, "differs from '" + twin.get()
                        + "' only in case; on a case-insensitive file system one replaces the other", ""));
            }
        }
    }

    /** The names in a folder of the workspace after the run, by their lower-case form; each folder is listed once per analysis. */
    private Map<String, List<String>> siblingsByFolded(String folder, FileTree after) throws IOException {
        Map<String, List<String>> cached = siblings.get(folder);
        if (cached != null) {
            return cached;
        }
        Map<String, List<String>> byFolded = new java.util.HashMap<>();
        // the tree's own listing: an overlay's changed folder lies in its upper layer with only the changed entries
        for (String entry : after.names(folder)) {
            byFolded.computeIfAbsent(entry.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(entry);
        }
        siblings.put(folder, byFolded);
        return byFolded;
    }

    private void executables(RiskRule rule, Change change, ChangeText text, Consumer<Finding> out) {
        EntryState now = change.after();
        if (now == null || now.type() != EntryType.FILE) {
            return;
        }
        boolean wasExecutable = change.before() != null && change.before().isExecutable();
        int before = change.before() == null ? 0 : change.before().mode();
        if ((now.mode() & 06000) != 0 && (before & 06000) != (now.mode() & 06000)) {
            // git cannot show these bits; a setuid file that a root process writes out is a root shell
            out.accept(finding(rule, Severity.CRITICAL, change.path(), 0, "setuid or setgid bit set (mode "
                    + String.format("%04o", now.mode()) + "); sbx-agent never applies it, but other tools may", ""));
            return;
        }
        if ((now.mode() & 0002) != 0 && (before & 0002) == 0) {
            out.accept(finding(rule, Severity.HIGH, change.path(), 0, "made writable by every user (mode " + String.format("%04o", now.mode()) + ")", ""));
            return;
        }
        if (now.isExecutable() && change.before() == null) {
            out.accept(finding(rule, rule.severity(), change.path(), 0, "new executable file", ""));
        } else if (now.isExecutable() && !wasExecutable) {
            out.accept(finding(rule, rule.severity(), change.path(), 0, "executable bit set", ""));
        } else if (change.before() == null && (SCRIPT_NAME.matcher(change.path()).matches()
                || !text.added().isEmpty() && text.added().get(0).number() == 1 && text.added().get(0).text().startsWith("#!"))) {
            out.accept(finding(rule, rule.severity(), change.path(), 0, "new script", ""));
        }
    }

    private void nestedRepositories(RiskRule rule, AnalysisInput input, Consumer<Finding> out) throws IOException {
        Set<String> reported = new HashSet<>();
        for (Change change : input.changes()) {
            if (change.after() == null) {
                continue;
            }
            String path = change.path();
            int nested = path.indexOf("/.git/");
            if (nested < 0 && path.endsWith("/.git")) {
                nested = path.length() - 5;
            }
            if (nested > 0) {
                if (reported.add(path.substring(0, nested))) {
                    out.accept(finding(rule, rule.severity(), path.substring(0, nested + 5), 0, "a .git folder inside the workspace", ""));
                }
                continue;
            }
            if (!path.startsWith(".git/") && (path.equals("HEAD") || path.endsWith("/HEAD"))) {
                String folder = path.length() == 4 ? "" : path.substring(0, path.length() - 5);
                String prefix = folder.isEmpty() ? "" : folder + "/";
                if (input.after().locate(prefix + "objects").isPresent() && input.after().locate(prefix + "refs").isPresent()
                        && reported.add(folder)) {
                    out.accept(finding(rule, rule.severity(), folder.isEmpty() ? "." : folder, 0,
                            "a bare git repository (HEAD, objects, refs) inside the workspace", ""));
                }
            }
        }
    }

    /** Each host and port the proxy refused, once, with how often it was tried. */
    private void deniedConnections(RiskRule rule, AnalysisInput input, Consumer<Finding> out) throws IOException {
        if (input.networkLog() == null || !Files.isRegularFile(input.networkLog())) {
            return;
        }
        Map<String, Integer> denied = new java.util.TreeMap<>();
        Map<String, Integer> firstLine = new java.util.HashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(input.networkLog(), java.nio.charset.StandardCharsets.UTF_8)) {
            number++;
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[1].contains("DENIED")) {
                denied.merge(parts[3], 1, Integer::sum);
                firstLine.putIfAbsent(parts[3], number);
            }
        }
        for (Map.Entry<String, Integer> entry : denied.entrySet()) {
            out.accept(finding(rule, rule.severity(), "network.log", firstLine.get(entry.getKey()), "the agent tried to reach "
                    + entry.getKey() + ", which is not on the allow-list (" + Plural.of(entry.getValue(), "time", "times") + "); the proxy refused", ""));
        }
    }

    /** Characters that show nothing, or change the direction of what follows: the hidden-unicode rule's set, for names. */
    static boolean invisible(int c) {
        return c >= 0x200b && c <= 0x200f || c == 0xfeff || c >= 0x202a && c <= 0x202e || c >= 0x2060 && c <= 0x2069 || c == 0xad
                || c == 0x180e || c == 0x61c || c == 0x34f || c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0 || c == 0x2800
                || c == 0x17b4 || c == 0x17b5 || c >= 0x180b && c <= 0x180d || c == 0x2028 || c == 0x2029 || c >= 0xfff9 && c <= 0xfffb
                || c >= 0x1bca0 && c <= 0x1bca3 || c >= 0xe0000 && c <= 0xe007f;
    }

    static Finding finding(RiskRule rule, Severity severity, String path, int line, String message, String evidence) {
        return new Finding(rule.id(), severity, path, line, message, evidence);
    }
}
