package io.jenkins.plugins.sbxagent.engine.gate;

import java.util.Locale;

/** What the gate decides, each with the command-line tool's exit code. */
public enum Decision {
    /** Nothing stands in the way of merging. */
    PASS(0, 0),
    /** Mergeable, but the build is marked unstable. */
    UNSTABLE(1, 11),
    /** A person must approve before anything is merged or applied. */
    REVIEW(2, 10),
    /** Not to be merged. */
    FAIL(3, 12);

    private final int rank;
    private final int exitCode;

    Decision(int rank, int exitCode) {
        this.rank = rank;
        this.exitCode = exitCode;
    }

    /** Explicit order: the worst decision of all policy rules wins. */
    public int rank() {
        return rank;
    }

    public int exitCode() {
        return exitCode;
    }

    /** What this decision means for the change, in the words of a reviewer. */
    public String meaning() {
        return switch (this) {
            case PASS -> "nothing stands in the way of merging";
            case UNSTABLE -> "the build is marked unstable; merging is allowed";
            case REVIEW -> "a person must review the change before it is merged";
            case FAIL -> "the change must not be merged";
        };
    }

    public static Decision worse(Decision a, Decision b) {
        return a.rank >= b.rank ? a : b;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Decision parse(String field, String text) {
        for (Decision decision : values()) {
            if (decision.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return decision;
            }
        }
        throw new io.jenkins.plugins.sbxagent.engine.spec.SpecException(field, "'" + text + "' is not a decision.",
                "Use one of pass, unstable, review, fail.");
    }
}
