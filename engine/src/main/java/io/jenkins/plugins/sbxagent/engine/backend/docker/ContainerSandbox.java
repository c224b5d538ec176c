package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxExit;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLaunch;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** A run's Docker container with its staged workspace and, under an allow-list, its egress proxy. */
final class ContainerSandbox implements Sandbox {
    private final DockerSandbox container;
    private final SandboxLaunch launch;
    private volatile EgressProxy egress;
    /** The docker calls made aside; {@link #close} waits for them, so that the audit has their answers. */
    private final List<Thread> asides = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How long {@link #close} waits for a call made aside: a docker call's own limit. */
    private static final long ASIDE_WAIT_MILLIS = 120_000;

    ContainerSandbox(DockerSandbox container, SandboxLaunch launch) {
        this.container = container;
        this.launch = launch;
    }

    DockerSandbox container() {
        return container;
    }

    void egress(EgressProxy proxy) {
        this.egress = proxy;
    }

    /** Asks the engine's version for the audit, aside: the answer comes while the agent runs. */
    void askServerVersion(DockerCli docker) {
        aside("docker version", () -> launch.factAside("dockerServerVersion", docker.engineVersion()));
    }

    /** Asks which image the container has, aside, for the audit. */
    void askImageId(DockerCli docker) {
        aside("inspect", () -> launch.factAside("imageId", container.imageId()));
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

    /**
     * docker start --attach waits for the container and passes its exit code on: a 0 ran and ended, and the agent was
     * not killed for memory (a child of it may have been: that is not read, a call the success path does without).
     * Any other ending is read here; a container still running then (its client ended early, or a kill not yet done)
     * is stopped first, so that nothing writes to its workspace once the run reads it.
     */
    @Override
    public SandboxExit exit(int clientExit, boolean stoppedByEngine) throws IOException, InterruptedException {
        if (clientExit == 0) {
            return new SandboxExit(0, false, true, "");
        }
        return container.stoppedExit();
    }

    /**
     * The container has ended (see {@link #exit}), and with its init every process in it: its workspace can be read
     * now. Its removal goes aside, overlapping the reading; {@link #close} waits for it (the removal is synchronized)
     * and tries again if it failed.
     */
    @Override
    public void remove() {
        aside("remove", container::close);
    }

    @Override
    public Optional<String> networkLog() throws IOException, InterruptedException {
        return egress == null ? Optional.empty() : Optional.of(egress.accessLog());
    }

    /** Removes the container, then the allow-list's proxy, network and firewall rule; each is tried even when one before failed. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Thread aside : asides) {
            aside.join(ASIDE_WAIT_MILLIS);
        }
        List<String> problems = new ArrayList<>();
        for (AutoCloseable part : new AutoCloseable[] {container, egress}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                problems.add(String.valueOf(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new SandboxException(String.join("; ", problems));
        }
    }

    private interface Work {
        void run() throws IOException, InterruptedException;
    }

    /** Runs docker calls whose answer the run does not wait for; a failure there is met again where it counts (close). */
    private void aside(String what, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (IOException e) {
                launch.factAside("asideFailures", what + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sbx-agent " + what + " " + container.name());
        thread.setDaemon(true);
        asides.add(thread);
        thread.start();
    }
}
