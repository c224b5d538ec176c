package io.jenkins.plugins.sbxagent.engine.publish;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.sbxagent.engine.agent.AgentUsage;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.diff.PatchWriter;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.mask.MaskingOutputStream;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import io.jenkins.plugins.sbxagent.engine.text.JsonValues;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A run's outputs folder. Every file in it is written once, new, never through a link, and through
 * the secret masker, which counts for each file the secrets it masked (the risk summary rates them).
 */
public final class RunOutputs {
    public static final String AGENT_LOG = "agent.log";
    public static final String CHANGES = "changes.json";
    public static final String DIFF = "diff.patch";
    /** Changes inside .git (hooks, config): git apply refuses such paths, so they get a patch of their own to review. */
    public static final String GIT_INTERNAL_DIFF = "git-internal.patch";
    public static final String AUDIT = "audit.json";
    public static final String FILES = "files";
    public static final String RISK_JSON = "risk-summary.json";
    public static final String RISK_MARKDOWN = "risk-summary.md";
    public static final String RISK_SARIF = "risk-summary.sarif";
    /** With a known agent: its JSON events, one per line, masked. */
    public static final String EVENTS = "events.jsonl";
    /** With a known agent: turns, tokens, cost, duration, its last message and how it ended. */
    public static final String USAGE = "usage.json";
    /** With network allowlist: every connection the proxy saw, allowed or denied. */
    public static final String NETWORK_LOG = "network.log";
    /** With an output schema: the agent's final answer, when it meets the schema. */
    public static final String ANSWER = "answer.json";
    /**
     * With {@code --deliver-branch}: the delivered commit as a git bundle. git writes it, not the masker, which cannot see
     * into its compressed objects; the delivery refuses a change set holding a bound secret instead.
     */
    public static final String BRANCH_BUNDLE = "branch.bundle";
    /** The page a reviewer reads: all of the above, on one page (the review package writes it). */
    public static final String REVIEW = "review.html";
    /** The artifacts the review page shows, each of which has all of what the page may cut. */
    public static final List<String> REVIEWED = List.of(RISK_JSON, CHANGES, DIFF, GIT_INTERNAL_DIFF, EVENTS, USAGE, NETWORK_LOG, AUDIT, AGENT_LOG);
    /** Files larger than this are written into the patch as binary literals, not as text hunks. */
    public static final long TEXT_DIFF_LIMIT = 8L << 20;

    /** Configured once; a mapper is safe to share once configured, and costly to make per file. */
    private static final JsonFactory JSON = new JsonFactory();

    private final Path folder;
    private final SecretMasker masker;
    private final Consumer<String> messages;
    /** Per output, how many occurrences of a bound secret were masked in it. */
    private final Map<String, Long> secretHits = new ConcurrentHashMap<>();

    public RunOutputs(Path folder, SecretMasker masker, Consumer<String> messages) {
        this.folder = folder;
        this.masker = masker;
        this.messages = messages;
    }

    public Path folder() {
        return folder;
    }

    public Path resolve(String name) {
        return folder.resolve(name);
    }

    /** Per output file, how many secrets were masked in it so far. */
    public Map<String, Long> secretHits() {
        return secretHits;
    }

    /** Makes the folder and removes what an earlier run left in it. */
    public void prepare() throws IOException {
        Files.createDirectories(folder);
        for (String name : List.of(AGENT_LOG, CHANGES, DIFF, GIT_INTERNAL_DIFF, AUDIT, RISK_JSON, RISK_MARKDOWN, RISK_SARIF, NETWORK_LOG, EVENTS,
                USAGE, REVIEW, ANSWER)) {
            Files.deleteIfExists(folder.resolve(name));
        }
        Trees.delete(folder.resolve(FILES));
    }

    /** A new file in the outputs, written through the secret masker, its masked secrets counted. */
    public OutputStream masked(String name) throws IOException {
        return counted(name, masker.wrap(new BufferedOutputStream(Files.newOutputStream(folder.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), 64 * 1024)));
    }

    /** Records under {@code name}, when the stream closes, how many secrets it masked. */
    public OutputStream counted(String name, MaskingOutputStream stream) {
        return new FilterOutputStream(stream) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                super.close();
                secretHits.merge(name, stream.matches(), Long::sum);
            }
        };
    }

    public void writeChanges(String staging, List<Change> changes, java.util.Set<String> ignoredByGit) throws IOException {
        try (OutputStream out = masked(CHANGES)) {
            ChangesJson.write(out, staging, changes, ignoredByGit);
        }
    }

    /** Writes the patches; a change that cannot be written is left out and named in the result, never the whole diff. */
    public List<String> writeDiff(StagedWorkspace staged, List<Change> changes) throws IOException {
        List<String> problems = new ArrayList<>();
        try (OutputStream out = masked(DIFF); OutputStream gitOut = masked(GIT_INTERNAL_DIFF)) {
            PatchWriter patch = new PatchWriter(out, staged.before(), staged.after(), TEXT_DIFF_LIMIT, masker);
            PatchWriter gitPatch = new PatchWriter(gitOut, staged.before(), staged.after(), TEXT_DIFF_LIMIT, masker);
            for (Change change : changes) {
                try {
                    (change.isGitInternal() ? gitPatch : patch).write(change);
                } catch (IOException | RuntimeException e) {
                    problems.add(change.path() + ": " + e.getMessage());
                    messages.accept("diff: " + change.path() + " left out: " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /** The files the run asked to read back from the workspace after the agent, each as the audit records it. */
    public List<Map<String, Object>> readBack(StagedWorkspace staged, List<String> paths, long limit) throws IOException {
        List<Map<String, Object>> reads = new ArrayList<>();
        for (String path : paths) {
            ReadBack.Outcome read = ReadBack.read(staged.after(), path, folder.resolve(FILES), limit,
                    target -> counted(FILES + "/" + path, masker.wrap(target)));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", read.path());
            entry.put("copied", read.copied());
            entry.put("size", read.size());
            if (!read.copied()) {
                entry.put("reason", read.reason());
                messages.accept("--read " + path + ": " + read.reason());
            }
            reads.add(entry);
        }
        return reads;
    }

    public void writeRiskSummary(RiskReport risk, GateResult gate, RuleBook rules, String agent, AgentUsage usage) throws IOException {
        RiskSummaryWriter writer = new RiskSummaryWriter(risk, gate, rules, agent, usage, masker::mask);
        try (OutputStream out = masked(RISK_JSON)) {
            writer.writeJson(out);
        }
        try (OutputStream out = masked(RISK_MARKDOWN)) {
            writer.writeMarkdown(out);
        }
        try (OutputStream out = masked(RISK_SARIF)) {
            writer.writeSarif(out);
        }
    }

    public void writeUsage(String agent, AgentUsage usage) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 1);
        json.put("agent", agent);
        json.put("events", usage.events());
        json.put("turns", usage.turns());
        json.put("inputTokens", usage.inputTokens());
        json.put("outputTokens", usage.outputTokens());
        json.put("costUsd", usage.costUsd());
        json.put("durationMs", usage.durationMs());
        json.put("ended", usage.ended());
        json.put("reportedError", usage.reportedError());
        json.put("endReason", usage.endReason());
        json.put("overBudget", usage.overBudget());
        json.put("succeeded", usage.succeeded());
        json.put("finalMessage", usage.finalMessage());
        json.put("sessionId", usage.sessionId());
        writeJson(USAGE, json);
    }

    /** Writes {@code answer.json}: the answer as the agent gave it, pretty-printed. */
    public void writeAnswer(com.fasterxml.jackson.databind.JsonNode answer) throws IOException {
        try (OutputStream out = masked(ANSWER)) {
            out.write((answer.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    public void writeNetworkLog(String log) throws IOException {
        try (OutputStream out = masked(NETWORK_LOG)) {
            out.write(log.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code audit.json}; a failure is told, never thrown: the run's outcome stands without it. */
    public void writeAudit(Map<String, Object> audit) {
        try {
            writeJson(AUDIT, audit);
        } catch (IOException e) {
            messages.accept("cannot write " + AUDIT + ": " + e.getMessage());
        }
    }

    private void writeJson(String name, Object value) throws IOException {
        try (OutputStream out = masked(name)) {
            writeJson(out, value);
        }
    }

    /**
     * Writes {@code value} as {@code audit.json} and {@code usage.json} are written. A tool that has just started calls it
     * aside on a sample, so that the writer is ready when the run ends.
     */
    public static void writeJson(OutputStream out, Object value) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            JsonValues.write(json, value);
        }
    }
}
