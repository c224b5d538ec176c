package io.jenkins.plugins.sbxagent.engine.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The review page's run facts: the agent's conversation, its usage, the network and the audit's essentials. */
final class RunFactsHtml {
    /** Conversation entries shown; characters of an event read; characters of a call's input and of an output shown. */
    static final int ENTRIES = 5_000;
    static final int EVENT_CHARS = 1 << 20;
    static final int INPUT_CHARS = 4_000;
    static final int OUTPUT_CHARS = 2_000;
    /** Hosts the network table names. */
    static final int HOSTS = 500;

    private final Html html;
    private final Path outputs;

    RunFactsHtml(Html html, Path outputs) {
        this.html = html;
        this.outputs = outputs;
    }

    /** The conversation, one event at a time from events.jsonl. */
    void conversation(String agentId) throws IOException {
        html.tag("<section id=\"conversation\"><h2>Conversation</h2>\n");
        Path file = outputs.resolve(RunOutputs.EVENTS);
        AgentKind agent = AgentKind.COMMAND;
        for (AgentKind kind : AgentKind.values()) {
            if (kind.id().equals(agentId)) {
                agent = kind;
            }
        }
        if (agent == AgentKind.COMMAND || !Files.exists(file)) {
            html.element("p", "No conversation: " + (agent == AgentKind.COMMAND ? "the run's command is no known agent; its output is in "
                    + RunOutputs.AGENT_LOG : "the agent wrote no events") + ".");
            html.tag("</section>\n");
            return;
        }
        long shown = 0;
        long more = 0;
        try (InputStream in = Files.newInputStream(file); BoundedLines lines = new BoundedLines(in, EVENT_CHARS)) {
            html.tag("<ol class=\"conversation\">");
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                List<Conversation.Entry> entries = lines.skipped() > 0 ? List.of(Conversation.tooLong())
                        : Conversation.entries(agent, line.getBytes(StandardCharsets.UTF_8));
                for (Conversation.Entry entry : entries) {
                    if (shown < ENTRIES) {
                        ConversationFeed.entry(html, entry);
                        shown++;
                    } else {
                        more++;
                    }
                }
            }
            html.tag("</ol>\n");
        }
        if (more > 0) {
            html.element("p", "cut", "… " + more + " more entries in " + RunOutputs.EVENTS + ".");
        }
        html.tag("</section>\n");
    }

    /** What usage.json says, and how the run ended. */
    void usage(JsonNode usage, JsonNode audit) throws IOException {
        html.tag("<section id=\"usage\"><h2>Usage and ending</h2>\n<table>");
        row("outcome", audit.path("outcome").asText("?") + " (exit " + audit.path("exitCode").asText("?") + ")");
        if (!audit.path("error").asText("").isEmpty()) {
            row("error", audit.path("error").asText());
        }
        if (!usage.isMissingNode()) {
            row("agent", usage.path("agent").asText());
            row("turns", usage.path("turns").asText());
            row("tokens", usage.path("inputTokens").asText() + " in, " + usage.path("outputTokens").asText() + " out");
            row("cost", usage.path("costUsd").isNull() || usage.path("costUsd").isMissingNode() ? "not reported"
                    : String.format(Locale.ROOT, "$%.4f", usage.path("costUsd").asDouble()));
            row("ended", usage.path("ended").asBoolean() ? (usage.path("succeeded").asBoolean() ? "succeeded" : "with an error: "
                    + usage.path("endReason").asText()) : "without a final event");
            if (usage.path("overBudget").asBoolean()) {
                row("budget", "exceeded: " + usage.path("endReason").asText());
            }
            row("final message", Html.shortened(usage.path("finalMessage").asText(""), OUTPUT_CHARS));
        }
        if (audit.has("answer")) {
            row("answer and its schema", audit.path("answer").isTextual() ? audit.path("answer").asText() + " (" + RunOutputs.ANSWER + ")"
                    : "does not meet the output schema: " + String.join("; ", JsonTrees.texts(audit.path("answer"))));
        }
        if (audit.has("budget")) {
            JsonNode budget = audit.path("budget");
            row("budget", (budget.path("maxTurns").isNumber() ? budget.path("maxTurns").asText() + " turns" : "no turn limit") + ", "
                    + (budget.path("maxCostUsd").isNumber() ? String.format(Locale.ROOT, "$%.2f", budget.path("maxCostUsd").asDouble())
                    : "no cost limit") + " (sbx-agent stops the agent past them)");
        }
        if (audit.has("budgetStop")) {
            row("stopped by sbx-agent", audit.path("budgetStop").asText());
        }
        html.tag("</table></section>\n");
    }

    /** The hosts the proxy let through and refused, counted from network.log. */
    void network() throws IOException {
        html.tag("<section id=\"network\"><h2>Network</h2>\n");
        Path file = outputs.resolve(RunOutputs.NETWORK_LOG);
        if (!Files.exists(file)) {
            html.element("p", "No network log: only the docker backend's allow-list proxy writes one (the audit says which network"
                    + " the run had).");
            html.tag("</section>\n");
            return;
        }
        Map<String, long[]> hosts = new LinkedHashMap<>();
        long others = 0;
        try (InputStream in = Files.newInputStream(file); BoundedLines lines = new BoundedLines(in, 2_000)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4) {
                    continue;
                }
                String host = fields[3] + (fields.length > 4 ? " (" + fields[4] + ")" : "");
                boolean refused = fields[1].contains("DENIED") || fields[1].endsWith("/403");
                long[] counts = hosts.get(host);
                if (counts == null && hosts.size() == HOSTS) {
                    others++;
                    continue;
                }
                hosts.computeIfAbsent(host, h -> new long[2])[refused ? 1 : 0]++;
            }
        }
        html.tag("<table><tr><th>host</th><th>allowed</th><th>refused</th></tr>");
        for (Iterator<Map.Entry<String, long[]>> it = hosts.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, long[]> host = it.next();
            html.tag(host.getValue()[1] > 0 ? "<tr class=\"refused\">" : "<tr>").element("td", host.getKey())
                    .element("td", Long.toString(host.getValue()[0])).element("td", Long.toString(host.getValue()[1])).tag("</tr>");
        }
        html.tag("</table>\n");
        if (others > 0) {
            html.element("p", "cut", "… " + others + " requests to further hosts in " + RunOutputs.NETWORK_LOG + ".");
        }
        html.tag("</section>\n");
    }

    /** The audit's essentials: where and how the agent ran, what crossed in by name, and how long each phase took. */
    void audit(JsonNode audit) throws IOException {
        html.tag("<section id=\"audit\"><h2>Audit</h2>\n<table>");
        row("image", audit.path("image").asText("?") + " " + audit.path("imageId").asText(""));
        row("backend", audit.path("backend").asText("?") + ", staging " + audit.path("staging").asText("?") + ", user "
                + audit.path("user").asText("?"));
        row("network", audit.path("network").asText("?") + (audit.has("allowHosts") ? ": " + String.join(", ",
                JsonTrees.texts(audit.path("allowHosts"))) : ""));
        if (audit.has("keyGateways")) {
            StringBuilder gateways = new StringBuilder();
            audit.path("keyGateways").forEach(gateway -> gateways.append(gateway.path("variable").asText()).append(" → ")
                    .append(gateway.path("upstream").asText()).append("; "));
            row("key gateway", gateways.toString());
        }
        row("secrets (by name)", String.join(", ", JsonTrees.texts(audit.path("secretNames"))));
        row("limits", audit.path("limits").toString());
        row("phases (ms)", audit.path("phasesMillis").toString());
        row("started", audit.path("startedAt").asText("?") + ", finished " + audit.path("finishedAt").asText("?"));
        html.tag("</table></section>\n");
    }

    private void row(String name, String value) throws IOException {
        html.tag("<tr>").element("th", name).element("td", value).tag("</tr>");
    }
}
