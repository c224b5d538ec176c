package io.jenkins.plugins.sbxagent.engine.stage;

import java.io.IOException;

/** The workspace could not be staged as asked; the message says why and what to use instead. */
public class StagingException extends IOException {
    private static final long serialVersionUID = 1L;

    public StagingException(String message) {
        super(message);
    }
}
