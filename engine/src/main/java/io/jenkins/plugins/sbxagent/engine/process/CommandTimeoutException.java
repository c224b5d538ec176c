package io.jenkins.plugins.sbxagent.engine.process;

import java.io.IOException;
import java.time.Duration;

/** A command ran past its timeout and was killed. */
public class CommandTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(Command command, Duration timeout) {
        super("'" + command + "' did not finish within " + timeout.toSeconds() + " s and was killed");
    }
}
