package io.jenkins.plugins.sbxagent.engine.backend.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker Engine's HTTP API on its local Unix socket, for reads only: an answer in about a millisecond, where a
 * docker client costs a run some 25 ms of processor to start (two of them, on a 2-core host, slow the run they run
 * beside). Found only where the docker client itself would use that socket: a client named {@code docker}, no
 * {@code DOCKER_HOST} but a {@code unix://} one, and no context but the default. Anything else, and any failure here,
 * goes through the client.
 */
final class EngineSocket {
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final Path socket;

    EngineSocket(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /**
     * The socket the client {@code executable} would talk to with {@code environment} (the client's own variables, laid
     * over this process's), or empty when it would talk elsewhere or this cannot be told.
     */
    static Optional<EngineSocket> forClient(String executable, Map<String, String> environment) {
        if (!Path.of(executable).getFileName().toString().equals("docker")) {
            return Optional.empty();
        }
        String context = environment.get("DOCKER_CONTEXT");
        if (context != null && !context.isEmpty() && !context.equals("default")) {
            return Optional.empty();
        }
        String host = environment.get("DOCKER_HOST");
        Path socket = DEFAULT_SOCKET;
        if (host != null && !host.isEmpty()) {
            if (!host.startsWith("unix://")) {
                return Optional.empty();
            }
            socket = Path.of(host.substring("unix://".length()));
        } else if (currentContextIsSet(environment)) {
            return Optional.empty();
        }
        return Files.exists(socket) ? Optional.of(new EngineSocket(socket)) : Optional.empty();
    }

    /** Whether the client's configuration names a context of its own (it then talks to that context's engine). */
    private static boolean currentContextIsSet(Map<String, String> environment) {
        String folder = environment.get("DOCKER_CONFIG");
        Path config = folder != null && !folder.isEmpty() ? Path.of(folder, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            Optional<String> context = EngineAnswer.topLevelText(Files.readString(config), "currentContext");
            return context.isPresent() && !context.get().isEmpty() && !context.get().equals("default");
        } catch (IOException | RuntimeException e) {
            // unreadable: the client may see a context there, so it is not assumed away
            return true;
        }
    }

    /** {@code GET path}: the body of a 200 answer; any other status is an {@link IOException} with the engine's message. */
    String get(String path, Duration timeout) throws IOException {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("not a request path: " + path);
        }
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: sbx-agent\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] response = exchange(request, timeout);
        return EngineAnswer.parse(response, path).body();
    }

    /** Sends {@code request} and reads until the engine closes the connection, within {@code timeout}. */
    private byte[] exchange(byte[] request, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new IOException("the Docker engine at " + socket + " did not answer within " + timeout.toSeconds() + " s");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                int read = channel.read(in);
                if (read < 0) {
                    return answer.toByteArray();
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
                if (answer.size() > MAX_ANSWER_BYTES) {
                    throw new IOException("the Docker engine's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "unix://" + socket;
    }
}
