package io.jenkins.plugins.sbxagent.engine.backend;

import java.io.IOException;

/** The sandbox could not be made, started or cleaned up; the agent's own failures are not this. */
public class SandboxException extends IOException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
