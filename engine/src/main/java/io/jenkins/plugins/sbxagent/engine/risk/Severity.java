package io.jenkins.plugins.sbxagent.engine.risk;

import java.util.Locale;

/** How much a finding matters; {@link #NONE} is the level of a report without findings. */
public enum Severity {
    NONE(0), LOW(1), MEDIUM(2), HIGH(3), CRITICAL(4);

    private final int rank;

    Severity(int rank) {
        this.rank = rank;
    }

    /** Explicit order, so that reordering the constants can never change a decision. */
    public int rank() {
        return rank;
    }

    public boolean isAtLeast(Severity other) {
        return rank >= other.rank;
    }

    public static Severity worse(Severity a, Severity b) {
        return a.rank >= b.rank ? a : b;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a severity as users write it.
     *
     * @param field the option or key it came from, for the error
     */
    public static Severity parse(String field, String text) {
        for (Severity severity : values()) {
            if (severity.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return severity;
            }
        }
        throw new io.jenkins.plugins.sbxagent.engine.spec.SpecException(field, "'" + text + "' is not a severity.",
                "Use one of none, low, medium, high, critical.");
    }
}
