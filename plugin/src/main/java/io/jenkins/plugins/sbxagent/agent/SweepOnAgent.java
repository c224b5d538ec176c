package io.jenkins.plugins.sbxagent.agent;

import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.io.IOException;
import java.time.Instant;
import jenkins.security.MasterToSlaveCallable;

/** Removes the expired sandboxes that crashed runs left on a node; returns how many resources went. */
public final class SweepOnAgent extends MasterToSlaveCallable<Integer, IOException> {
    private static final long serialVersionUID = 1L;

    private final String dockerExecutable;

    public SweepOnAgent(String dockerExecutable) {
        this.dockerExecutable = dockerExecutable;
    }

    @Override
    public Integer call() throws IOException {
        try {
            return new DockerReaper(new DockerCli(new ProcessCommandRunner(), dockerExecutable)).sweepNode(Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
