package io.jenkins.plugins.sbxagent.engine.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** A started command whose output streams to the sinks it was started with. */
public interface RunningCommand extends AutoCloseable {
    /**
     * Waits until the command ends and its output has been pumped out.
     *
     * @return the exit code, or empty when the wait ran out first
     */
    OptionalInt waitFor(Duration timeout) throws InterruptedException, IOException;

    /**
     * Every way the command's output was cut, after {@link #waitFor}: a stream that could not be passed on,
     * or one still held open by a process the command left behind. Empty when all of it arrived.
     */
    default List<String> outputProblems() {
        return List.of();
    }

    /** Kills the command (and the processes it started) if it still runs. */
    void kill();

    @Override
    default void close() {
        kill();
    }
}
