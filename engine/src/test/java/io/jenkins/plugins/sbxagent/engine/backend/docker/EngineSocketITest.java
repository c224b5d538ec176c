package io.jenkins.plugins.sbxagent.engine.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's socket, read directly, answers what the docker client answers, on the real Docker engine; and it is
 * read only where the client would talk to it.
 */
class EngineSocketITest {
    private static final String IMAGE = "sbx-agent/busybox:1";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DockerCli docker = new DockerCli(new ProcessCommandRunner(), "docker");

    @TempDir
    Path dir;

    private static EngineSocket local() {
        return EngineSocket.forClient("docker", Map.of()).orElseThrow(
                () -> new AssertionError("no Docker engine socket at " + EngineSocket.DEFAULT_SOCKET + ": run scripts/docker/start-engine.sh"));
    }

    @Test
    void shouldReadTheEnginesVersionAsTheClientDoes() throws Exception {
        // sized by Content-Length
        String fromSocket = EngineAnswer.topLevelText(local().get("/version", TIMEOUT), "Version").orElseThrow();

        assertThat(fromSocket).isEqualTo(docker.serverVersion()).isNotBlank();
        assertThat(docker.engineVersion()).isEqualTo(fromSocket);
    }

    @Test
    void shouldReadAContainersImageAsTheClientDoes() throws Exception {
        String name = "sbx-agent-engine-socket-test-" + ProcessHandle.current().pid();
        docker.call(List.of("create", "--name", name, "--label", "io.jenkins.sbx-agent.test=engine-socket", IMAGE, "true"));
        try {
            // a container's description is sent in chunks
            String fromSocket = EngineAnswer.topLevelText(local().get("/containers/" + name + "/json", TIMEOUT), "Image").orElseThrow();

            assertThat(fromSocket).startsWith("sha256:").isEqualTo(docker.call(List.of("inspect", "--format", "{{.Image}}", name)));
            assertThat(docker.containerImage(name)).isEqualTo(fromSocket);
        } finally {
            docker.call(List.of("rm", "--force", name));
        }
    }

    @Test
    void shouldFailWithTheEnginesOwnMessage() {
        assertThatThrownBy(() -> local().get("/containers/sbx-agent-surely-missing-7f3a/json", TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("No such container: sbx-agent-surely-missing-7f3a");
    }

    @Test
    void shouldBeReadOnlyWhereTheClientWouldTalkToIt() throws Exception {
        Path socket = local().socket();

        assertThat(EngineSocket.forClient("/usr/bin/docker", Map.of())).map(EngineSocket::socket).contains(socket);
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_HOST", "unix://" + socket))).map(EngineSocket::socket).contains(socket);
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_CONTEXT", "default"))).isPresent();
        // another client, another engine, another context, or a socket that is not there
        assertThat(EngineSocket.forClient("/opt/podman/bin/podman", Map.of())).isEmpty();
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_HOST", "tcp://10.0.0.1:2376"))).isEmpty();
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_HOST", "ssh://ci@builder"))).isEmpty();
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_CONTEXT", "remote"))).isEmpty();
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_HOST", "unix://" + dir.resolve("absent.sock")))).isEmpty();
    }

    @Test
    void shouldFollowTheContextTheClientsConfigurationNames() throws Exception {
        Path remote = Files.createDirectories(dir.resolve("remote"));
        Files.writeString(remote.resolve("config.json"), "{\"auths\": {}, \"currentContext\": \"builder\"}");
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("config.json"), "{\"auths\": {\"currentContext\": \"nested, not it\"}, \"currentContext\": \"default\"}");
        Path unreadable = Files.createDirectories(dir.resolve("unreadable"));
        Files.writeString(unreadable.resolve("config.json"), "{not json");

        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_CONFIG", remote.toString()))).isEmpty();
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_CONFIG", plain.toString()))).isPresent();
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_CONFIG", unreadable.toString()))).isEmpty();
        // an explicit unix:// host wins over a configured context, as it does for the client
        assertThat(EngineSocket.forClient("docker", Map.of("DOCKER_CONFIG", remote.toString(), "DOCKER_HOST", "unix://" + local().socket())))
                .isPresent();
    }

    @Test
    void shouldAskTheClientWhereTheSocketCannotBeUsed() throws Exception {
        // the real client under another name: whom it talks to is not assumed
        Path client = Files.createSymbolicLink(dir.resolve("docker-client"), Path.of(which("docker")));
        DockerCli renamed = new DockerCli(new ProcessCommandRunner(), client.toString());

        assertThat(EngineSocket.forClient(client.toString(), Map.of())).isEmpty();
        assertThat(renamed.engineVersion()).isEqualTo(docker.serverVersion());
        String name = "sbx-agent-engine-socket-client-" + ProcessHandle.current().pid();
        docker.call(List.of("create", "--name", name, IMAGE, "true"));
        try {
            assertThat(renamed.containerImage(name)).isEqualTo(docker.containerImage(name)).startsWith("sha256:");
        } finally {
            docker.call(List.of("rm", "--force", name));
        }
    }

    private static String which(String program) {
        for (String folder : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(program + " is not on the PATH");
    }
}
