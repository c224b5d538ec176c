package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxExit;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.RunningCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One created container, with the anonymous volume of its overlay. {@link #close()} removes them and may be
 * called any number of times, from any thread (an abort calls it while the run waits).
 */
public final class DockerSandbox implements AutoCloseable {
    private final DockerCli docker;
    private final SandboxLabels labels;
    private volatile boolean created;
    private volatile boolean removed;

    public DockerSandbox(DockerCli docker, SandboxLabels labels) {
        this.docker = docker;
        this.labels = labels;
    }

    public String name() {
        return labels.name();
    }

    /** Creates the container from a full {@code docker create} vector. */
    public void create(List<String> createArguments) throws IOException, InterruptedException {
        created = true;
        docker.call(createArguments);
    }

    /**
     * Starts the container and streams its output until it ends or {@code timeout} passes.
     *
     * @param outputCut told every way the output was cut (see {@link RunningCommand#outputProblems})
     */
    public OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, java.util.function.Consumer<String> outputCut)
            throws IOException, InterruptedException {
        try (RunningCommand attached = docker.attach(labels.name(), stdout, stderr)) {
            OptionalInt clientExit = attached.waitFor(timeout);
            if (clientExit.isEmpty()) {
                kill();
            }
            attached.outputProblems().forEach(outputCut);
            return clientExit;
        }
    }

    /** The id of the image the container was created from. */
    public String imageId() throws IOException, InterruptedException {
        return docker.containerImage(labels.name());
    }

    /**
     * Reads how the container ended, first stopping it if it still runs: its client may have ended early, or a kill
     * not have taken effect yet. Whatever comes after may rely on nothing in it running any more.
     */
    public SandboxExit stoppedExit() throws IOException, InterruptedException {
        State state = state();
        if (state.running()) {
            kill();
            docker.call(List.of("wait", labels.name()));
            state = state();
        }
        return state.exit();
    }

    private record State(boolean running, SandboxExit exit) {
    }

    private State state() throws IOException, InterruptedException {
        String state = docker.call(List.of("inspect", "--format",
                "{{.State.Running}}|{{.State.ExitCode}}|{{.State.OOMKilled}}|{{.State.StartedAt}}|{{.State.Error}}", labels.name()));
        String[] parts = state.split("\\|", 5);
        boolean started = !parts[3].startsWith("0001-01-01");
        return new State(Boolean.parseBoolean(parts[0]),
                new SandboxExit(Integer.parseInt(parts[1]), Boolean.parseBoolean(parts[2]), started,
                        "The sandbox did not start: " + (parts.length > 4 ? parts[4] : "")));
    }

    /** Kills the container at once; the attached client then ends too. */
    public void kill() throws IOException, InterruptedException {
        docker.tryCall(List.of("kill", labels.name()));
    }

    /**
     * Removes the container (running or not) and its anonymous volumes. A missing one counts as removed.
     *
     * @throws SandboxException when something could not be removed; every removal is still tried
     */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (removed) {
            return;
        }
        List<String> failures = new ArrayList<>();
        if (created) {
            remove(List.of("rm", "--force", "--volumes", labels.name()), "container", failures);
        }
        removed = failures.isEmpty();
        if (!failures.isEmpty()) {
            throw new SandboxException("Could not remove sandbox " + labels.name() + ": " + String.join("; ", failures)
                    + ". Run 'sbx-agent gc' to remove leftovers.");
        }
    }

    private void remove(List<String> args, String what, List<String> failures) throws IOException, InterruptedException {
        String error = docker.remove(args);
        if (error != null) {
            failures.add(what + ": " + error);
        }
    }
}
