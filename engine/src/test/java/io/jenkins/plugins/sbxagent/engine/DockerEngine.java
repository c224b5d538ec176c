package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.util.Arrays;
import java.util.List;

/**
 * The real Docker engine the integration tests drive. Missing Docker fails the tests (never skips
 * them): CI starts the engine and builds the images before the tests run.
 */
final class DockerEngine {
    /** Built offline by scripts/docker/build-images.sh. */
    static final String BUSYBOX = "sbx-agent/busybox:1";

    private DockerEngine() {
    }

    static DockerCli cli() {
        return new DockerCli(new ProcessCommandRunner(), "docker");
    }

    /** Fails with the fix when no engine answers or the test image is missing. */
    static void require() throws Exception {
        DockerCli docker = cli();
        try {
            docker.serverVersion();
        } catch (Exception e) {
            throw new AssertionError("These tests need a running Docker engine: run scripts/docker/start-engine.sh. " + e.getMessage(), e);
        }
        if (docker.imageId(BUSYBOX).isEmpty()) {
            throw new AssertionError("The test image " + BUSYBOX + " is missing: run scripts/docker/build-images.sh");
        }
    }

    /** Names of containers (any state) carrying the given run id label. */
    static List<String> containersOfRun(String runId) throws Exception {
        return lines(List.of("ps", "--all", "--filter", "label=" + SandboxLabels.RUN_ID + "=" + runId, "--format", "{{.Names}}"));
    }

    /** Names of volumes carrying the given run id label. */
    static List<String> volumesOfRun(String runId) throws Exception {
        return lines(List.of("volume", "ls", "--filter", "label=" + SandboxLabels.RUN_ID + "=" + runId, "--format", "{{.Name}}"));
    }

    static CommandResult docker(String... arguments) throws Exception {
        return cli().tryCall(List.of(arguments));
    }

    private static List<String> lines(List<String> arguments) throws Exception {
        String out = cli().call(arguments);
        return out.isBlank() ? List.of() : Arrays.asList(out.split("\n"));
    }
}
