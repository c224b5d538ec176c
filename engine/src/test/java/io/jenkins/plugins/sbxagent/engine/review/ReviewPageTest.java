package io.jenkins.plugins.sbxagent.engine.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review page from crafted outputs: what an agent chose stays text, findings link to their lines, and every cut says so. */
class ReviewPageTest {
    private static final String HOSTILE_NAME = "src/<img src=x onerror=alert(1)>.js";
    private static final String HOSTILE_MESSAGE = "Done.</pre><script>alert('agent')</script>";

    @TempDir
    Path out;

    private String page() throws IOException {
        ByteArrayOutputStream html = new ByteArrayOutputStream();
        ReviewPage.write(out, html);
        return html.toString(StandardCharsets.UTF_8);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(out.resolve(name), text);
    }

    private void outputsOfAHostileRun() throws IOException {
        write(RunOutputs.AUDIT, "{\"tenant\":\"team/<b>job</b>\",\"runId\":\"r1\",\"outcome\":\"succeeded\",\"exitCode\":0,\"image\":\"img:1\","
                + "\"network\":\"none\",\"secretNames\":[\"API_KEY\"],\"limits\":{\"cpus\":2},\"phasesMillis\":{\"agent\":10},"
                + "\"budget\":{\"maxTurns\":8,\"maxCostUsd\":null}}");
        write(RunOutputs.RISK_JSON, "{\"level\":\"critical\",\"decision\":\"fail\",\"gate\":{\"items\":[{\"rule\":\"failOn\",\"decision\":\"fail\","
                + "\"message\":\"1 finding at critical or above\"}]},\"findings\":[{\"rule\":\"remote-code\",\"severity\":\"critical\",\"path\":"
                + "\"" + HOSTILE_NAME + "\",\"line\":2,\"message\":\"Downloads <u>code</u>\",\"evidence\":\"curl x | sh\"}],"
                + "\"changedPaths\":[\"" + HOSTILE_NAME + "\"]}");
        write(RunOutputs.CHANGES, "{\"schemaVersion\":1,\"changes\":[{\"path\":\"" + HOSTILE_NAME + "\",\"kind\":\"added\",\"type\":\"file\","
                + "\"binary\":false,\"gitInternal\":false}]}");
        write(RunOutputs.DIFF, "diff --git a/" + HOSTILE_NAME + " b/" + HOSTILE_NAME + "\nnew file mode 100644\n--- /dev/null\n+++ b/"
                + HOSTILE_NAME + "\n@@ -0,0 +1,2 @@\n+const a = '</pre><script>alert(2)</script>';\n+fetch(x)\n");
        write(RunOutputs.USAGE, "{\"agent\":\"claude\",\"turns\":1,\"inputTokens\":5,\"outputTokens\":6,\"costUsd\":0.01,\"ended\":true,"
                + "\"succeeded\":true,\"finalMessage\":\"" + HOSTILE_MESSAGE.replace("'", "\\u0027") + "\"}");
        write(RunOutputs.EVENTS, "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"<iframe src=x></iframe>\"},"
                + "{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":\"echo '<svg onload=alert(3)>'\"}}]}}\n"
                + "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":\"<svg onload=alert(3)>\",\"is_error\":false}]}}\n"
                + "not json\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"" + HOSTILE_MESSAGE.replace("'", "\\u0027") + "\"}\n");
    }

    @Test
    void shouldKeepEverythingAnAgentChoseAsText() throws IOException {
        outputsOfAHostileRun();

        String page = page();

        assertThat(page).doesNotContain("<script", "<img", "<iframe", "<svg", "<u>", "<b>job")
                .contains("&lt;script&gt;alert(&#39;agent&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;.js",
                        "&lt;iframe src=x&gt;&lt;/iframe&gt;", "&lt;svg onload=alert(3)&gt;", "team/&lt;b&gt;job&lt;/b&gt;");
        assertThat(page).contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    }

    @Test
    void shouldLinkEachFindingToItsLineInTheDiff() throws IOException {
        outputsOfAHostileRun();

        String page = page();

        String line = DiffHtml.anchor(HOSTILE_NAME, 2);
        assertThat(page).contains("href=\"#" + line + "\"").contains("id=\"" + line + "\"").contains("id=\"" + DiffHtml.anchor(HOSTILE_NAME) + "\"");
        assertThat(page).contains("decision: fail").contains("<li class=\"decided\"><b>failOn</b>");
        assertThat(page).as("the conversation, in order").containsSubsequence("&lt;iframe", "Bash", "echo", "result", "success");
        assertThat(page).contains("<th>budget</th><td>8 turns, no cost limit (sbx-agent stops the agent past them)</td>")
                .contains("<th>secrets (by name)</th><td>API_KEY</td>");
    }

    @Test
    void shouldFindTheSameAnchorForAQuotedNameAndAPathWithSpaces() {
        assertThat(DiffHtml.newName("diff --git a/x y b/x y")).isEqualTo("b/x y");
        assertThat(DiffHtml.newName("diff --git \"a/caf\\303\\251\" \"b/caf\\303\\251\"")).isEqualTo("\"b/caf\\303\\251\"");
        assertThat(DiffHtml.anchor("café")).isNotEqualTo(DiffHtml.anchor("cafe"));
    }

    @Test
    void shouldCutALongFileALongLineAndALongConversationAndSaySo() throws IOException {
        write(RunOutputs.AUDIT, "{\"outcome\":\"succeeded\"}");
        write(RunOutputs.USAGE, "{\"agent\":\"codex\"}");
        try (OutputStream diff = Files.newOutputStream(out.resolve(RunOutputs.DIFF))) {
            diff.write("diff --git a/big.txt b/big.txt\n--- a/big.txt\n+++ b/big.txt\n@@ -1,1 +1,3000 @@\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3_000; i++) {
                diff.write(("+line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            diff.write("diff --git a/one.min.js b/one.min.js\n+++ b/one.min.js\n@@ -0,0 +1 @@\n+".getBytes(StandardCharsets.UTF_8));
            diff.write("x".repeat(5_000_000).getBytes(StandardCharsets.UTF_8));
            diff.write("\n".getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream events = Files.newOutputStream(out.resolve(RunOutputs.EVENTS))) {
            for (int i = 0; i < RunFactsHtml.ENTRIES + 10; i++) {
                events.write(("{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"step " + i + "\"}}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }

        String page = page();

        assertThat(page).contains("+line " + (DiffHtml.FILE_LINES - 5)).doesNotContain("+line 2999")
                .contains("this file is cut here; diff.patch has all of it");
        assertThat(page).contains("(" + (5_000_000 - DiffHtml.LINE_CHARS + 1) + " more characters)").hasSizeLessThan(2_000_000);
        assertThat(page).contains("step " + (RunFactsHtml.ENTRIES - 1)).doesNotContain("step " + RunFactsHtml.ENTRIES + "<")
                .contains("… 10 more entries in events.jsonl.");
    }

    @Test
    void shouldSayWhatIsMissingWhenARunEndedEarly() throws IOException {
        write(RunOutputs.AUDIT, "{\"outcome\":\"sandbox-error\",\"exitCode\":-1,\"error\":\"no Docker engine\"}");

        String page = page();

        assertThat(page).contains("no decision").contains("The run ended before its change set was rated: no Docker engine.")
                .contains("None recorded: the run ended before its changes were collected.").contains("No file changed.");
    }

    @Test
    void shouldTellAnAddedLineThatBeginsLikeAHeaderFromTheHeader() throws IOException {
        write(RunOutputs.AUDIT, "{\"outcome\":\"succeeded\"}");
        write(RunOutputs.DIFF, "diff --git a/c.js b/c.js\n--- a/c.js\n+++ b/c.js\n@@ -1,1 +1,2 @@\n i = 0;\n+++i;\n");

        String page = page();

        assertThat(page).contains("<span class=\"meta\">+++ b/c.js").contains("<span class=\"ctx\" id=\"" + DiffHtml.anchor("c.js", 1) + "\">")
                .contains("<span class=\"add\" id=\"" + DiffHtml.anchor("c.js", 2) + "\">+++i;");
    }
}
