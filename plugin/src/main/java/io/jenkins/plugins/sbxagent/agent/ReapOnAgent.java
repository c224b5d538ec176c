package io.jenkins.plugins.sbxagent.agent;

import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Removes sandboxes on a node, found by their labels: one aborted run's (a container belongs to the
 * Docker daemon, not to the build's processes, so an abort must remove it), or every expired one that
 * crashed runs left. Returns the names of what it removed.
 */
public final class ReapOnAgent extends MasterToSlaveCallable<List<String>, IOException> {
    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String dockerExecutable;
    private final Map<String, String> dockerEnvironment;

    /** @param runId the run whose sandbox to remove, or null for every expired sandbox */
    public ReapOnAgent(String runId, String dockerExecutable, Map<String, String> dockerEnvironment) {
        this.runId = runId;
        this.dockerExecutable = dockerExecutable;
        this.dockerEnvironment = Map.copyOf(dockerEnvironment);
    }

    @Override
    public List<String> call() throws IOException {
        DockerReaper reaper = new DockerReaper(new DockerCli(new ProcessCommandRunner(), dockerExecutable, dockerEnvironment));
        try {
            return (runId == null ? reaper.sweepNode(Instant.now()) : reaper.removeRun(runId)).names();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing sandboxes", e);
        }
    }
}
