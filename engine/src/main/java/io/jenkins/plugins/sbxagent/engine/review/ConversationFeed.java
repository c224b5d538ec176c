package io.jenkins.plugins.sbxagent.engine.review;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * The conversation of a run that is still going, as HTML fragments a page appends as they come: each call renders the
 * complete events that arrived since the last, and says how far it read. A line the agent is still writing is left
 * for the next call. The entries look as they do on the review page, and are escaped the same way.
 */
public final class ConversationFeed {
    /** Bytes of events one call reads, to the end of the line it is in: a page that is far behind catches up in steps. */
    public static final int STEP_BYTES = 256 * 1024;

    private ConversationFeed() {
    }

    /**
     * Writes the entries of the complete event lines in {@code events} (read from where the last call stopped) and
     * returns how many bytes it read; the next call starts that far on.
     *
     * @param events the agent's events.jsonl from the offset the last call returned
     */
    public static long write(AgentKind agent, InputStream events, OutputStream out) throws IOException {
        Html html = new Html(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long consumed = 0;
        long read = 0;
        // past EVENT_CHARS a line is an event too long to show: it is skipped, even before its end arrives
        boolean skipping = false;
        byte[] buffer = new byte[8192];
        boolean stepDone = false;
        for (int n = events.read(buffer); n > 0 && !stepDone; n = events.read(buffer)) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    if (!skipping) {
                        for (Conversation.Entry entry : Conversation.entries(agent, line.toByteArray())) {
                            entry(html, entry);
                        }
                    }
                    consumed = read + i + 1;
                    line.reset();
                    skipping = false;
                    // a step ends where a line does: the bytes read past it are read again next time
                    if (consumed >= STEP_BYTES) {
                        stepDone = true;
                        break;
                    }
                } else if (line.size() < RunFactsHtml.EVENT_CHARS) {
                    line.write(buffer[i]);
                } else if (!skipping) {
                    entry(html, Conversation.tooLong());
                    skipping = true;
                }
            }
            read += n;
            // or inside an event too long to show, which the next step need not read again
            if (read >= STEP_BYTES && skipping) {
                break;
            }
        }
        if (skipping) {
            // what was read of the long event is passed; the rest of it, up to its end, does not parse and shows nothing
            consumed = read;
        }
        html.flush();
        return consumed;
    }

    /** One entry, as the review page and the live page show it. */
    static void entry(Html html, Conversation.Entry entry) throws IOException {
        int limit = entry.kind().equals("call") ? RunFactsHtml.INPUT_CHARS : RunFactsHtml.OUTPUT_CHARS;
        html.tag("<li class=\"" + entry.kind() + "\">").element("span", "who", entry.label());
        html.tag("<pre>").text(Html.shortened(entry.text(), limit)).tag("</pre></li>\n");
    }
}
