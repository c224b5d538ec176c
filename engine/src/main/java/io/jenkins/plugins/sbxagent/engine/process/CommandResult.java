package io.jenkins.plugins.sbxagent.engine.process;

/**
 * What a finished command left: its exit code and its captured output, decoded as UTF-8.
 *
 * @param command  the command that ran
 * @param exitCode its exit code
 * @param stdout   standard output (capped by the runner)
 * @param stderr   standard error (capped by the runner)
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result when the command exited 0, or throws with its exit code and error output. */
    public CommandResult orThrow() throws CommandFailedException {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
