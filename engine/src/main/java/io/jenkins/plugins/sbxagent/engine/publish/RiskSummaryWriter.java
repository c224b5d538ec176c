package io.jenkins.plugins.sbxagent.engine.publish;

import io.jenkins.plugins.sbxagent.engine.text.Plural;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.sbxagent.engine.agent.AgentUsage;
import io.jenkins.plugins.sbxagent.engine.change.PathNames;
import io.jenkins.plugins.sbxagent.engine.gate.GateItem;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RiskRule;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Writes the risk summary three ways: {@code risk-summary.json} for machines (schema version 1,
 * documented in docs/risk-rules.md), {@code risk-summary.md} for people, {@code risk-summary.sarif}
 * (SARIF 2.1.0) for code-scanning tools.
 */
public final class RiskSummaryWriter {
    public static final int SCHEMA_VERSION = 1;
    private static final List<Severity> DESCENDING = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);

    /** The longest final message the Markdown summary quotes; usage.json has it whole. */
    static final int MESSAGE_LIMIT = 1000;

    private final RiskReport report;
    private final GateResult gate;
    private final RuleBook rules;
    private final String agentKind;
    private final AgentUsage usage;
    private final UnaryOperator<String> mask;

    public RiskSummaryWriter(RiskReport report, GateResult gate, RuleBook rules) {
        this(report, gate, rules, null, null, UnaryOperator.identity());
    }

    /**
     * With what the agent's events said, so that reviewers see how the agent ended next to what it changed.
     *
     * @param mask masks secrets in text the agent chose, before it is escaped for Markdown: escaping changes the
     *             text (a {@code _} becomes {@code \_}), after which the masking of the written bytes would no longer
     *             recognise a secret in it
     */
    public RiskSummaryWriter(RiskReport report, GateResult gate, RuleBook rules, String agentKind, AgentUsage usage,
            UnaryOperator<String> mask) {
        this.report = report;
        this.gate = gate;
        this.rules = rules;
        this.agentKind = agentKind;
        this.usage = usage;
        this.mask = mask;
    }

    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            json.writeStringField("level", report.level().id());
            json.writeStringField("decision", gate.decision().id());
            json.writeObjectFieldStart("counts");
            for (Severity severity : DESCENDING) {
                json.writeNumberField(severity.id(), report.count(severity));
            }
            json.writeEndObject();
            json.writeObjectFieldStart("stats");
            json.writeNumberField("changedFiles", report.changedFiles());
            json.writeNumberField("addedLines", report.addedLines());
            json.writeNumberField("removedLines", report.removedLines());
            json.writeEndObject();
            json.writeObjectFieldStart("gate");
            json.writeBooleanField("active", gate.active());
            json.writeArrayFieldStart("items");
            for (GateItem item : gate.items()) {
                json.writeStartObject();
                json.writeStringField("rule", item.rule());
                json.writeStringField("decision", item.decision().id());
                json.writeStringField("actual", item.actual());
                json.writeStringField("threshold", item.threshold());
                json.writeStringField("message", item.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            if (usage != null) {
                json.writeObjectFieldStart("agent");
                json.writeStringField("kind", agentKind);
                json.writeBooleanField("succeeded", usage.succeeded());
                json.writeStringField("endReason", usage.endReason());
                json.writeBooleanField("overBudget", usage.overBudget());
                json.writeNumberField("turns", usage.turns());
                json.writeNumberField("inputTokens", usage.inputTokens());
                json.writeNumberField("outputTokens", usage.outputTokens());
                if (usage.costUsd() != null) {
                    json.writeNumberField("costUsd", usage.costUsd());
                } else {
                    json.writeNullField("costUsd");
                }
                json.writeEndObject();
            }
            json.writeNumberField("rulesVersion", report.rulesVersion());
            json.writeArrayFieldStart("findings");
            for (Finding finding : report.findings()) {
                json.writeStartObject();
                json.writeStringField("rule", finding.rule());
                json.writeStringField("severity", finding.severity().id());
                json.writeStringField("path", finding.path());
                if (finding.line() > 0) {
                    json.writeNumberField("line", finding.line());
                } else {
                    json.writeNullField("line");
                }
                json.writeStringField("message", finding.message());
                json.writeStringField("evidence", finding.evidence());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("changedPaths");
            for (String path : report.changedPaths()) {
                json.writeString(path);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    public void writeMarkdown(OutputStream out) throws IOException {
        Writer md = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        md.write("# sbx-agent risk summary\n\n");
        md.write("**Decision: " + gate.decision().id().toUpperCase(java.util.Locale.ROOT) + "** — risk level **" + report.level().id() + "**\n\n");
        // the count of changes.json ("count"), which leaves folders out; changes.json lists the folders as well
        int folders = report.changedPaths().size() - report.changedFiles();
        md.write(Plural.of(report.changedFiles(), "changed entry", "changed entries") + (folders > 0 ? " besides " + Plural.of(folders, "folder", "folders")
                + " (changes.json lists all " + report.changedPaths().size() + ")" : "") + ", +" + report.addedLines() + " / -"
                + report.removedLines() + " lines. Findings: ");
        StringBuilder counts = new StringBuilder();
        for (Severity severity : DESCENDING) {
            counts.append(counts.length() == 0 ? "" : ", ").append(report.count(severity)).append(' ').append(severity.id());
        }
        md.write(counts + ".\n\n## Why this decision\n\n");
        for (String message : gate.messages()) {
            // gate messages quote changed paths, which the agent chose
            md.write("- " + text(message) + "\n");
        }
        for (Severity severity : DESCENDING) {
            List<Finding> group = report.findings().stream().filter(f -> f.severity() == severity).toList();
            if (group.isEmpty()) {
                continue;
            }
            md.write("\n## " + capitalize(severity.id()) + " (" + group.size() + ")\n");
            Set<String> explained = new LinkedHashSet<>();
            for (Finding finding : group) {
                RiskRule rule = rule(finding.rule());
                if (explained.add(finding.rule())) {
                    md.write("\n### " + (rule == null ? finding.rule() : rule.title()) + " (`" + finding.rule() + "`)\n\n");
                    if (rule != null) {
                        md.write("_Why it matters:_ " + rule.why() + "\n\n");
                    }
                }
                // a finding about the change set as a whole names no path
                String where = finding.path().isEmpty() ? "" : code(finding.path() + (finding.line() > 0 ? ":" + finding.line() : "")) + " — ";
                md.write("- " + where + text(finding.message()) + (finding.evidence().isEmpty() ? "" : "<br>" + code(finding.evidence())) + "\n");
            }
        }
        if (report.findings().isEmpty()) {
            md.write("\nNo findings.\n");
        }
        if (usage != null) {
            writeAgent(md);
        }
        md.flush();
    }

    public void writeSarif(OutputStream out) throws IOException {
        Map<String, RiskRule> used = new LinkedHashMap<>();
        for (Finding finding : report.findings()) {
            RiskRule rule = rule(finding.rule());
            if (rule != null) {
                used.putIfAbsent(rule.id(), rule);
            }
        }
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("version", "2.1.0");
            json.writeStringField("$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
            json.writeArrayFieldStart("runs");
            json.writeStartObject();
            json.writeObjectFieldStart("tool");
            json.writeObjectFieldStart("driver");
            json.writeStringField("name", "sbx-agent");
            json.writeStringField("version", "0.1.0");
            json.writeArrayFieldStart("rules");
            for (RiskRule rule : used.values()) {
                json.writeStartObject();
                json.writeStringField("id", rule.id());
                json.writeStringField("name", rule.family());
                json.writeObjectFieldStart("shortDescription");
                json.writeStringField("text", rule.title());
                json.writeEndObject();
                json.writeObjectFieldStart("fullDescription");
                json.writeStringField("text", rule.why());
                json.writeEndObject();
                json.writeObjectFieldStart("help");
                json.writeStringField("text", rule.why() + (rule.reference().isEmpty() ? "" : " Reference: " + rule.reference()));
                json.writeEndObject();
                json.writeObjectFieldStart("defaultConfiguration");
                json.writeStringField("level", level(rule.severity()));
                json.writeEndObject();
                json.writeObjectFieldStart("properties");
                json.writeStringField("security-severity", securitySeverity(rule.severity()));
                json.writeArrayFieldStart("tags");
                json.writeString("security");
                json.writeString(rule.family());
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
            json.writeArrayFieldStart("results");
            for (Finding finding : report.findings()) {
                json.writeStartObject();
                json.writeStringField("ruleId", finding.rule());
                json.writeStringField("level", level(finding.severity()));
                json.writeObjectFieldStart("message");
                json.writeStringField("text", finding.message() + (finding.evidence().isEmpty() ? "" : ": " + finding.evidence()));
                json.writeEndObject();
                json.writeArrayFieldStart("locations");
                json.writeStartObject();
                json.writeObjectFieldStart("physicalLocation");
                json.writeObjectFieldStart("artifactLocation");
                json.writeStringField("uri", uri(finding.path().isEmpty() ? "." : finding.path()));
                json.writeEndObject();
                if (finding.line() > 0) {
                    json.writeObjectFieldStart("region");
                    json.writeNumberField("startLine", finding.line());
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndArray();
                json.writeObjectFieldStart("properties");
                json.writeStringField("severity", finding.severity().id());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private RiskRule rule(String id) {
        try {
            return rules.rule(id);
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    private void writeAgent(Writer md) throws IOException {
        md.write("\n## The agent\n\n" + code(agentKind) + " ");
        if (usage.succeeded()) {
            md.write("said it succeeded");
        } else if (!usage.ended()) {
            md.write("ended without a final event");
        } else {
            md.write((usage.overBudget() ? "ran out of budget" : "reported an error") + ": " + code(String.valueOf(usage.endReason())));
        }
        md.write(" after " + usage.turns() + (usage.turns() == 1 ? " turn" : " turns") + "; " + usage.inputTokens() + " input and "
                + usage.outputTokens() + " output tokens" + (usage.costUsd() == null ? "" : String.format(java.util.Locale.ROOT, "; $%.4f",
                usage.costUsd())) + ".\n");
        String message = mask.apply(usage.finalMessage());
        if (!message.isBlank()) {
            // the agent wrote it: masked, cut to a readable length (never inside a character), quoted and escaped
            String shown = message;
            if (message.codePointCount(0, message.length()) > MESSAGE_LIMIT) {
                shown = message.substring(0, message.offsetByCodePoints(0, MESSAGE_LIMIT)) + " …";
            }
            md.write("\nIts last message:\n\n> " + escape(shown) + "\n");
        }
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            default -> "3.0";
        };
    }

    /** A relative URI reference for a workspace path: every byte but unreserved ones and '/' percent-encoded. */
    static String uri(String path) {
        return PathNames.percentEncode(PathNames.bytes(path), new StringBuilder()).toString();
    }

    /** Agent-written text as an inline code span that no content can break out of. */
    static String code(String text) {
        String flat = text.replace('\n', ' ').replace('\r', ' ');
        int longest = 0;
        int run = 0;
        for (char c : flat.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        return fence + " " + flat + " " + fence;
    }

    /** Text with agent-chosen parts, masked and then escaped. */
    private String text(String text) {
        return escape(mask.apply(text));
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replaceAll("([*_`\\[\\]#|])", "\\\\$1")
                .replace('\n', ' ').replace('\r', ' ');
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
