package io.jenkins.plugins.sbxagent.engine.process;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The engine's only way to start a host process. The default is {@link ProcessCommandRunner}; a host
 * such as a Jenkins agent may supply its own.
 */
public interface CommandRunner {
    /**
     * Runs a short command to its end and captures its output.
     *
     * @throws CommandTimeoutException when it outlives its timeout (it is killed first)
     */
    CommandResult run(Command command) throws IOException, InterruptedException;

    /**
     * Starts a long command whose output is streamed to the given sinks as it comes. The command's
     * timeout is not enforced here: the caller waits with {@link RunningCommand#waitFor}.
     */
    RunningCommand start(Command command, OutputStream stdout, OutputStream stderr) throws IOException;
}
