package io.jenkins.plugins.sbxagent.engine;

/** How a run ended, with the command-line tool's exit code for each. */
public enum RunOutcome {
    /** The agent exited 0. */
    SUCCEEDED(0),
    /** The agent exited with another code; its code is in the result and the audit. */
    AGENT_FAILED(5),
    /** The agent outlived the timeout and the sandbox was killed. */
    TIMED_OUT(4),
    /** The run was aborted (Ctrl-C, SIGTERM, a Jenkins abort) and the sandbox removed. */
    INTERRUPTED(130),
    /** The sandbox could not be made or run; nothing the agent did. */
    SANDBOX_ERROR(3);

    private final int exitCode;

    RunOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
