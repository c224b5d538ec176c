package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxExit;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** A run's Docker container with its staged workspace and, under an allow-list, its egress proxy. */
final class ContainerSandbox implements Sandbox {
    private final DockerSandbox container;
    private final Map<String, Object> audit;
    private volatile StagedWorkspace workspace;
    private volatile EgressProxy egress;
    private volatile FutureTask<String> serverVersion;

    ContainerSandbox(DockerSandbox container, Map<String, Object> audit) {
        this.container = container;
        this.audit = audit;
    }

    /** Asks the engine's version for the audit, aside: the answer is read once the agent has ended. */
    void askServerVersion(DockerCli docker) {
        FutureTask<String> question = new FutureTask<>(docker::serverVersion);
        Thread asking = new Thread(question, "sbx-agent docker version " + container.name());
        asking.setDaemon(true);
        asking.start();
        serverVersion = question;
    }

    DockerSandbox container() {
        return container;
    }

    void staged(StagedWorkspace staged) {
        this.workspace = staged;
    }

    void egress(EgressProxy proxy) {
        this.egress = proxy;
    }

    @Override
    public StagedWorkspace workspace() {
        return workspace;
    }

    @Override
    public OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, Consumer<String> outputCut)
            throws IOException, InterruptedException {
        return container.run(stdout, stderr, timeout, outputCut);
    }

    @Override
    public void stop() throws IOException, InterruptedException {
        container.kill();
    }

    @Override
    public SandboxExit exit(int clientExit, boolean stoppedByEngine) throws IOException, InterruptedException {
        recordServerVersion();
        if (clientExit == 0) {
            // docker start --attach passes the container's exit code on: a 0 ran, and was not killed for memory
            return new SandboxExit(0, false, true, "");
        }
        DockerSandbox.Exit exit = container.exit();
        return new SandboxExit(exit.exitCode(), exit.oomKilled(), exit.started(), "The sandbox did not start: " + exit.error());
    }

    /**
     * The container has ended, and with its init every process in it: nothing writes to the overlay's upper layer any
     * more, so it can be read now. The container's removal starts aside, overlapping the change set's reading;
     * {@link #close} waits for it (the removal is synchronized) and tries again if it failed.
     */
    @Override
    public void remove() throws IOException, InterruptedException {
        recordServerVersion();
        Thread removing = new Thread(() -> {
            try {
                container.close();
            } catch (IOException e) {
                // close() tries again and reports it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sbx-agent remove " + container.name());
        removing.setDaemon(true);
        removing.start();
    }

    /** On the run's own thread, after the agent: the audit is not shared with the thread that asked. */
    private void recordServerVersion() throws InterruptedException {
        FutureTask<String> question = serverVersion;
        if (question != null) {
            serverVersion = null;
            try {
                audit.put("dockerServerVersion", question.get());
            } catch (ExecutionException e) {
                audit.put("dockerServerVersion", "unknown: " + e.getCause().getMessage());
            }
        }
    }

    @Override
    public Optional<String> networkLog() throws IOException, InterruptedException {
        return egress == null ? Optional.empty() : Optional.of(egress.accessLog());
    }

    /** Removes the container, then the allow-list's proxy, network and firewall rule; each is tried even when one before failed. */
    @Override
    public void close() throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (AutoCloseable part : new AutoCloseable[] {container, egress}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (IOException e) {
                problems.add(e.getMessage());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                problems.add(String.valueOf(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new io.jenkins.plugins.sbxagent.engine.backend.SandboxException(String.join("; ", problems));
        }
    }
}
