package io.jenkins.plugins.sbxagent.agent;

import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Removes one run's sandbox on the node, by its labels. A container belongs to the Docker daemon, not
 * to the build's process tree, so an abort must remove it explicitly.
 */
public final class RemoveRunOnAgent extends MasterToSlaveCallable<List<String>, IOException> {
    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String dockerExecutable;
    private final Map<String, String> dockerEnvironment;

    public RemoveRunOnAgent(String runId, String dockerExecutable, Map<String, String> dockerEnvironment) {
        this.runId = runId;
        this.dockerExecutable = dockerExecutable;
        this.dockerEnvironment = Map.copyOf(dockerEnvironment);
    }

    @Override
    public List<String> call() throws IOException {
        try {
            return new DockerReaper(new DockerCli(new ProcessCommandRunner(), dockerExecutable, dockerEnvironment)).removeRun(runId).containers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing the sandbox of " + runId, e);
        }
    }
}
