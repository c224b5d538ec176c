package io.jenkins.plugins.sbxagent.engine.spec;

/** A run was asked for something it must not or cannot do. The message names the field and the fix. */
public class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public SpecException(String field, String problem, String fix) {
        super(field + ": " + problem + (fix == null || fix.isEmpty() ? "" : " " + fix));
        this.field = field;
    }

    /** The option or field that was refused, as the user wrote it (e.g. {@code --workspace}). */
    public String field() {
        return field;
    }
}
