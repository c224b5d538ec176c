package io.jenkins.plugins.sbxagent.engine.backend;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One run's sandbox, of whichever backend, as {@link SandboxBackend#create} made it: its workspace
 * staged (see {@link SandboxLaunch#staged()}), the agent not yet started. The lifecycle is {@link #run}, then
 * {@link #remove} (after which the change set is read from the staged workspace), then {@link #close}. {@link #stop} and
 * {@link #close} may come from any thread at any time (a budget stop, an abort).
 */
public interface Sandbox extends AutoCloseable {
    /**
     * Runs the agent to its end, streaming its output.
     *
     * @param outputCut told every way the output was cut
     * @return the client's exit code, or empty when the agent ran past {@code timeout} and was killed
     */
    OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, Consumer<String> outputCut)
            throws IOException, InterruptedException;

    /** Stops the agent now; the sandbox stays until {@link #remove}. */
    void stop() throws IOException, InterruptedException;

    /**
     * How the agent ended, once {@link #run} returned {@code clientExit}.
     *
     * @param stoppedByEngine whether sbx-agent stopped it (its budget ran out)
     */
    SandboxExit exit(int clientExit, boolean stoppedByEngine) throws IOException, InterruptedException;

    /**
     * Once the agent has ended: brings back what it left in the sandbox, so that the staged workspace can be read, and
     * removes the sandbox (a backend may finish removing it in {@link #close}).
     */
    void remove() throws IOException, InterruptedException;

    /** What the sandbox's network let through and refused, when it keeps such a log (an allow-list). */
    default Optional<String> networkLog() throws IOException, InterruptedException {
        return Optional.empty();
    }

    /** Removes the sandbox and everything made for it (networks, proxies). Safe to call any number of times. */
    @Override
    void close() throws IOException, InterruptedException;
}
