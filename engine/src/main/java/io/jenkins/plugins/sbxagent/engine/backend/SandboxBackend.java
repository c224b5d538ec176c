package io.jenkins.plugins.sbxagent.engine.backend;

import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where agents run: a backend is a package that implements this (Docker containers, Docker
 * Sandboxes microVMs), and a run knows nothing else of it.
 */
public interface SandboxBackend {
    /**
     * Checks the node, stages the run's workspace in its private folder and creates its sandbox, timing
     * the {@code stage} and {@code start} phases. Whatever it made before failing is removed by closing
     * {@link SandboxLaunch#sandboxCreated what it reported}; the staged workspace is the launch's.
     */
    Sandbox create(SandboxLaunch launch) throws IOException, InterruptedException;

    /** Runs the host commands a run needs besides the sandbox (git, the system tools cleanup uses). */
    CommandRunner runner();

    /** Removes this node's leftovers of runs that ended without cleaning up, expired before {@code now}; returns their names. */
    List<String> sweep(Instant now) throws IOException, InterruptedException;
}
