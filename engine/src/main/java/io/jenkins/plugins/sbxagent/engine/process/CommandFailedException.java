package io.jenkins.plugins.sbxagent.engine.process;

import java.io.IOException;

/** A command exited with a non-zero code; the message names it and quotes its error output. */
public class CommandFailedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super("'" + result.command() + "' exited with code " + result.exitCode()
                + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
