package io.jenkins.plugins.sbxagent.engine.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks every front end (the command-line tool, the Jenkins steps) shares for values written as
 * text: one of a fixed set, and plain variables as {@code NAME=VALUE}. One check, one message; only the
 * field's name is the front end's.
 */
public final class Choices {
    private Choices() {
    }

    /**
     * The constant named by {@code value}, in any case.
     *
     * @throws SpecException naming the field and the choices
     */
    public static <E extends Enum<E>> E of(String field, Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            String extra = type == NetworkMode.class && value.trim().equalsIgnoreCase("host")
                    ? " The host network lets the sandbox reach every service on the host; it is never allowed." : "";
            throw new SpecException(field, "'" + value + "' is not one of " + names + "." + extra, "Choose one of " + names + ".");
        }
    }

    /**
     * Plain (never secret) variables written as {@code NAME=VALUE}, in order.
     *
     * @throws SpecException for an entry without a name or '=', or a name given twice
     */
    public static Map<String, String> variables(String field, List<String> entries) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new SpecException(field, "'" + entry + "' is not NAME=VALUE.",
                        "Write it as NAME=VALUE, e.g. GOOGLE_GEMINI_BASE_URL=https://gateway.example; bind secrets as secrets, never here.");
            }
            if (variables.put(entry.substring(0, equals), entry.substring(equals + 1)) != null) {
                throw new SpecException(field, entry.substring(0, equals) + " is set twice.", "Set each variable once.");
            }
        }
        return variables;
    }
}
