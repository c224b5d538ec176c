package io.jenkins.plugins.sbxagent.engine.spec;

/** A run was asked for something it must not or cannot do. The message names the field and the fix. */
public class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public SpecException(String field, String problem, String fix) {
        this(field, field + ": " + problem + (fix == null || fix.isEmpty() ? "" : " " + fix), (Void) null);
    }

    private SpecException(String field, String message, Void whole) {
        super(message);
        this.field = field;
    }

    /** The same refusal told in another vocabulary (a step's field names for a command-line tool's options). */
    public static SpecException renamed(String field, String message) {
        return new SpecException(field, message, (Void) null);
    }

    /** The option or field that was refused, as the user wrote it (e.g. {@code --workspace}). */
    public String field() {
        return field;
    }
}
