package io.jenkins.plugins.sbxagent.engine.review;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code review.html}: the decision and the policy that made it, the findings (each linked to its
 * line in the diff), the change set, the diff, the agent's conversation, its usage, the network and
 * the audit's essentials, on one page.
 *
 * <p>Written from the run's outputs, which are masked already, and streamed: a 100 MB diff or a
 * 50,000-event conversation costs the page a bounded amount of memory. Whatever is cut says so, and
 * names the artifact that has it all. The page is self-contained: no script, no request, a
 * Content-Security-Policy that allows neither; it reads the same with JavaScript off and in print.
 */
public final class ReviewPage {
    /**
     * What the page may do: nothing loads and nothing runs, its own inline style aside. A host that serves the page
     * (the Jenkins plugin) sends it as its header too.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    /** Changes listed, findings listed. */
    static final int CHANGES = 5_000;
    static final int FINDINGS = 1_000;

    private static final JsonFactory JSON = new JsonFactory();

    private final Path outputs;
    private final Html html;

    private ReviewPage(Path outputs, Html html) {
        this.outputs = outputs;
        this.html = html;
    }

    /** Writes the page of the run whose outputs are in {@code outputs}. */
    public static void write(Path outputs, OutputStream out) throws IOException {
        Html html = new Html(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024));
        new ReviewPage(outputs, html).write();
        html.flush();
    }

    private void write() throws IOException {
        JsonNode audit = tree(RunOutputs.AUDIT);
        JsonNode risk = riskSummary();
        JsonNode usage = tree(RunOutputs.USAGE);
        String title = "sbx-agent review: " + audit.path("tenant").asText("?") + " " + audit.path("runId").asText("");
        html.tag("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                // nothing loads, nothing runs: an agent's markup that slipped through would stay inert
                .tag("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CONTENT_SECURITY_POLICY + "\">\n")
                .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").text(title).tag("</title>\n")
                .tag("<style>").tag(ReviewStyle.CSS).tag("</style></head>\n<body>\n");
        header(title, audit, risk);
        html.tag("<nav><a href=\"#findings\">Findings</a> <a href=\"#changes\">Changes</a> <a href=\"#diff\">Diff</a>"
                + " <a href=\"#conversation\">Conversation</a> <a href=\"#usage\">Usage</a> <a href=\"#network\">Network</a>"
                + " <a href=\"#audit\">Audit</a></nav>\n");
        findings(risk);
        changes();
        diff();
        RunFactsHtml facts = new RunFactsHtml(html, outputs);
        facts.conversation(usage.path("agent").asText(audit.path("agent").path("kind").asText("")));
        facts.usage(usage, audit);
        facts.network();
        facts.audit(audit);
        html.tag("<footer>").text("Every artifact in full, next to this page: " + String.join(", ", RunOutputs.REVIEWED) + ".")
                .tag("</footer>\n</body></html>\n");
    }

    private void header(String title, JsonNode audit, JsonNode risk) throws IOException {
        String decision = risk.path("decision").asText("none");
        html.tag("<header><h1>").text(title).tag("</h1>\n<p class=\"verdict\"><span class=\"decision ").text(decision).tag("\">")
                .text(risk.isMissingNode() ? "no decision" : "decision: " + decision).tag("</span> ")
                .element("span", "level", "risk: " + risk.path("level").asText("not rated"))
                .element("span", "outcome", "run: " + audit.path("outcome").asText("?") + ", exit " + audit.path("exitCode").asText("?"))
                .tag("</p>\n");
        if (risk.isMissingNode()) {
            html.element("p", "The run ended before its change set was rated: " + audit.path("error").asText("see audit.json") + ".");
        } else {
            // the policy that decided: the gate's rules that gave the decision
            html.tag("<ul class=\"gate\">");
            for (JsonNode item : risk.path("gate").path("items")) {
                boolean decided = item.path("decision").asText().equals(decision) && !decision.equals("pass");
                html.tag(decided ? "<li class=\"decided\">" : "<li>").element("b", item.path("rule").asText()).text(": "
                        + item.path("message").asText() + " (" + item.path("decision").asText() + ")").tag("</li>");
            }
            html.tag("</ul>\n");
        }
        html.tag("</header>\n");
    }

    private void findings(JsonNode risk) throws IOException {
        JsonNode findings = risk.path("findings");
        html.tag("<section id=\"findings\"><h2>Findings (").text(Integer.toString(findings.size())).tag(")</h2>\n");
        if (findings.isEmpty()) {
            html.element("p", "None.");
        }
        String severity = null;
        int listed = 0;
        for (JsonNode finding : findings) {
            if (listed++ == FINDINGS) {
                html.tag("</ul>").element("p", "cut", "… " + (findings.size() - FINDINGS) + " more findings in " + RunOutputs.RISK_JSON + ".");
                severity = null;
                break;
            }
            if (!finding.path("severity").asText().equals(severity)) {
                if (severity != null) {
                    html.tag("</ul>\n");
                }
                severity = finding.path("severity").asText();
                html.tag("<h3 class=\"").text(severity).tag("\">").text(severity).tag("</h3><ul class=\"findings\">");
            }
            String path = finding.path("path").asText("");
            int line = finding.path("line").asInt(0);
            html.tag("<li><code class=\"rule\">").text(finding.path("rule").asText()).tag("</code> ");
            if (!path.isEmpty()) {
                html.tag("<a href=\"#").text(line > 0 ? DiffHtml.anchor(path, line) : DiffHtml.anchor(path)).tag("\"><code>")
                        .text(path + (line > 0 ? ":" + line : "")).tag("</code></a> ");
            }
            html.text(finding.path("message").asText());
            if (!finding.path("evidence").asText("").isEmpty()) {
                html.tag("<br>").element("code", "evidence", Html.shortened(finding.path("evidence").asText(), 500));
            }
            html.tag("</li>\n");
        }
        if (severity != null) {
            html.tag("</ul>\n");
        }
        html.tag("</section>\n");
    }

    /** The change set as {@code changes.json} has it, folder by folder, streamed one change at a time. */
    private void changes() throws IOException {
        html.tag("<section id=\"changes\"><h2>Changes</h2>\n");
        Path file = outputs.resolve(RunOutputs.CHANGES);
        if (!Files.exists(file)) {
            html.element("p", "None recorded: the run ended before its changes were collected.");
            html.tag("</section>\n");
            return;
        }
        html.element("p", "Marked: the entries git diff does not show. Those inside .git are in " + RunOutputs.GIT_INTERNAL_DIFF
                + "; those git ignores are in " + RunOutputs.DIFF + " like the rest.");
        html.tag("<ul class=\"tree\">");
        int listed = 0;
        long count = 0;
        // the path of the last line written: a folder of the next path that is not on it gets a line of its own
        String[] previous = new String[0];
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            if (toField(parser, "changes")) {
                for (JsonToken token = parser.nextToken(); token == JsonToken.START_OBJECT; token = parser.nextToken()) {
                    JsonNode change = JsonTrees.value(parser, token);
                    count++;
                    if (listed == CHANGES) {
                        continue;
                    }
                    listed++;
                    String path = change.path("path").asText();
                    String[] segments = path.split("/");
                    int common = 0;
                    while (common < segments.length - 1 && common < previous.length && segments[common].equals(previous[common])) {
                        common++;
                    }
                    for (int depth = common; depth < segments.length - 1; depth++) {
                        html.tag("<li class=\"folder\" style=\"padding-left:" + (depth * 1.5) + "em\">").text(segments[depth] + "/").tag("</li>");
                    }
                    previous = segments;
                    boolean git = change.path("gitInternal").asBoolean();
                    boolean ignored = change.path("ignored").asBoolean();
                    html.tag("<li class=\"" + (git || ignored ? "change hidden-from-git" : "change") + "\" style=\"padding-left:"
                                    + ((segments.length - 1) * 1.5) + "em\"><a href=\"#").text(DiffHtml.anchor(path)).tag("\">")
                            .text(segments[segments.length - 1]).tag("</a> ")
                            .element("span", "kind", change.path("kind").asText() + " " + change.path("type").asText()
                                    + (change.path("binary").asBoolean() ? ", binary" : "") + (git ? ", inside .git: not in git diff" : "")
                                    + (ignored ? ", ignored by git: not in git diff" : ""))
                            .tag("</li>");
                }
            }
        }
        html.tag("</ul>\n");
        if (count > listed) {
            html.element("p", "cut", "… " + (count - listed) + " more changes in " + RunOutputs.CHANGES + ".");
        }
        html.tag("</section>\n");
    }

    private void diff() throws IOException {
        html.tag("<section id=\"diff\"><h2>Diff</h2>\n");
        int files = DiffHtml.write(html, outputs.resolve(RunOutputs.DIFF), RunOutputs.DIFF);
        int gitFiles = 0;
        if (Files.exists(outputs.resolve(RunOutputs.GIT_INTERNAL_DIFF)) && Files.size(outputs.resolve(RunOutputs.GIT_INTERNAL_DIFF)) > 0) {
            html.tag("<h3 class=\"git\">").text("Inside .git (" + RunOutputs.GIT_INTERNAL_DIFF + "): git diff does not show these").tag("</h3>");
            gitFiles = DiffHtml.write(html, outputs.resolve(RunOutputs.GIT_INTERNAL_DIFF), RunOutputs.GIT_INTERNAL_DIFF);
        }
        if (files + gitFiles == 0) {
            html.element("p", "No file changed.");
        }
        html.tag("</section>\n");
    }

    /** The risk summary without its list of changed paths, which can be long and is in changes.json. */
    private JsonNode riskSummary() throws IOException {
        Path file = outputs.resolve(RunOutputs.RISK_JSON);
        if (!Files.exists(file)) {
            return MissingNode.getInstance();
        }
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return summary;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("changedPaths")) {
                    parser.skipChildren();
                } else {
                    summary.set(name, JsonTrees.value(parser, value));
                }
            }
        }
        return summary;
    }

    /** Moves the parser to the value of a top-level field; false when there is none. */
    private static boolean toField(JsonParser parser, String field) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            JsonToken value = parser.nextToken();
            if (parser.currentName().equals(field)) {
                return value == JsonToken.START_ARRAY;
            }
            parser.skipChildren();
        }
        return false;
    }

    /** A small artifact's tree (audit.json, usage.json), or a missing node when the run did not write it. */
    private JsonNode tree(String name) throws IOException {
        Path file = outputs.resolve(name);
        if (!Files.exists(file)) {
            return MissingNode.getInstance();
        }
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode tree = JsonTrees.read(JSON, in);
            return tree == null ? MissingNode.getInstance() : tree;
        }
    }
}
