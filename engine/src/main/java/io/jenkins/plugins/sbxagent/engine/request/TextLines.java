package io.jenkins.plugins.sbxagent.engine.request;

import java.util.ArrayList;
import java.util.List;

/** Lists written one entry per line, as a form's text area sends them. */
public final class TextLines {
    private TextLines() {
    }

    /** The lines of {@code text} that hold something, trimmed; none for null. */
    public static List<String> of(String text) {
        List<String> lines = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\r?\\n")) {
                if (!line.isBlank()) {
                    lines.add(line.trim());
                }
            }
        }
        return lines;
    }

    /** A command written one argument per line: empty lines are left out, and nothing is trimmed (an argument may need its spaces). */
    public static List<String> arguments(String text) {
        List<String> arguments = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\r?\\n")) {
                if (!line.isEmpty()) {
                    arguments.add(line);
                }
            }
        }
        return arguments;
    }

    /** One entry per line: the inverse of {@link #of}. */
    public static String join(List<String> lines) {
        return lines == null ? "" : String.join("\n", lines);
    }
}
