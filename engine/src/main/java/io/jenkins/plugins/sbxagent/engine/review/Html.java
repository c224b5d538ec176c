package io.jenkins.plugins.sbxagent.engine.review;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a page: markup the page itself chooses ({@link #tag}), and text, which is always escaped
 * ({@link #text}): a file name or an agent's message is never markup, whatever it holds.
 */
final class Html {
    private final Writer out;

    Html(Writer out) {
        this.out = out;
    }

    /** Markup of the page's own, never anything read from a run. */
    Html tag(String markup) throws IOException {
        out.write(markup);
        return this;
    }

    /** Text, escaped for an element's content and for a quoted attribute alike; control characters but line breaks shown as U+FFFD. */
    Html text(String text) throws IOException {
        if (text == null) {
            return this;
        }
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? "\uFFFD" : null;
            };
            if (replacement != null) {
                out.write(text, start, i - start);
                out.write(replacement);
                start = i + 1;
            }
        }
        out.write(text, start, text.length() - start);
        return this;
    }

    /** An element with escaped text content: {@code element("td", "x")}. */
    Html element(String name, String text) throws IOException {
        return tag("<" + name + ">").text(text).tag("</" + name + ">");
    }

    /** An element with a class and escaped text content. */
    Html element(String name, String cssClass, String text) throws IOException {
        return tag("<" + name + " class=\"" + cssClass + "\">").text(text).tag("</" + name + ">");
    }

    /** Text cut to {@code limit} characters, saying how much was left out. */
    static String shortened(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit) + "\n… (" + (text.length() - limit) + " more characters; the full text is in the artifact)";
    }

    void flush() throws IOException {
        out.flush();
    }
}
