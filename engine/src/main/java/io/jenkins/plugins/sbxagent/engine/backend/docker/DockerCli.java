package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.CommandTimeoutException;
import io.jenkins.plugins.sbxagent.engine.process.RunningCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The docker command-line client, one method per call the engine makes. Every call has a timeout;
 * arguments are vectors, never shell strings.
 */
public final class DockerCli {
    /** Client calls that talk to the daemon only (no image transfer) end well within this. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final Duration PULL_TIMEOUT = Duration.ofMinutes(20);

    private final CommandRunner runner;
    private final String executable;
    private final Map<String, String> environment;
    /** Where the engine's API can be read without a client; asked once. */
    private volatile Optional<EngineSocket> engineSocket;

    /**
     * @param runner     how processes start
     * @param executable the docker client, a name on PATH or a path
     */
    public DockerCli(CommandRunner runner, String executable) {
        this(runner, executable, Map.of());
    }

    /**
     * @param runner      how processes start
     * @param executable  the docker client, a name on PATH or a path
     * @param environment variables for the client only (DOCKER_HOST, DOCKER_CERT_PATH, DOCKER_CONFIG,
     *                    ...): they configure the client and never reach the sandbox
     */
    public DockerCli(CommandRunner runner, String executable, Map<String, String> environment) {
        this.runner = runner;
        this.executable = executable;
        this.environment = Map.copyOf(environment);
    }

    /** The variables that tell a docker client where its engine is and how to reach it: the only ones a host passes on. */
    public static final java.util.Set<String> CLIENT_VARIABLES = java.util.Set.of("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
            "DOCKER_CONFIG", "DOCKER_CONTEXT", "DOCKER_API_VERSION", "PATH");

    /** Of a host's environment (a build's), the client's variables only. */
    public static Map<String, String> clientEnvironment(Map<String, String> environment) {
        Map<String, String> client = new java.util.LinkedHashMap<>();
        environment.forEach((key, value) -> {
            if (CLIENT_VARIABLES.contains(key)) {
                client.put(key, value);
            }
        });
        return client;
    }

    public String executable() {
        return executable;
    }

    /** How this client starts processes; other host commands of the run use it too. */
    public CommandRunner runner() {
        return runner;
    }

    /** The server's version; fails with a clear message when no client or no daemon answers. */
    public String serverVersion() throws SandboxException, InterruptedException {
        CommandResult result;
        try {
            result = runner.run(command(CALL_TIMEOUT, "version", "--format", "{{.Server.Version}}"));
        } catch (IOException e) {
            throw new SandboxException("Cannot run the docker client '" + executable + "': " + e.getMessage()
                    + ". Is Docker installed and on the PATH?", e);
        }
        if (!result.succeeded()) {
            throw new SandboxException("No Docker engine answers the client '" + executable + "': " + result.stderr().strip()
                    + ". Start the engine (scripts/docker/start-engine.sh here) or point DOCKER_HOST at one.");
        }
        return result.stdout().strip();
    }

    /**
     * The engine's version, for the audit: read from the engine's socket where this client would talk to it (about a
     * millisecond), else asked of the client. Unlike {@link #serverVersion}, it does not diagnose the client.
     */
    public String engineVersion() throws IOException, InterruptedException {
        Optional<String> read = readFromEngine("/version", "Version");
        return read.isPresent() ? read.get() : serverVersion();
    }

    /** The id of the image a container was made from, for the audit; read as {@link #engineVersion} is. */
    public String containerImage(String container) throws IOException, InterruptedException {
        Optional<String> read = readFromEngine("/containers/" + container + "/json", "Image");
        return read.isPresent() ? read.get() : call(List.of("inspect", "--format", "{{.Image}}", container));
    }

    /** A top-level text field of the engine's answer to {@code path}, or empty when the socket cannot say (the client is asked then). */
    private Optional<String> readFromEngine(String path, String field) {
        Optional<EngineSocket> socket = engineSocket;
        if (socket == null) {
            Map<String, String> clientEnvironment = new java.util.HashMap<>(System.getenv());
            clientEnvironment.putAll(environment);
            socket = EngineSocket.forClient(executable, clientEnvironment);
            engineSocket = socket;
        }
        if (socket.isEmpty()) {
            return Optional.empty();
        }
        try {
            return EngineAnswer.topLevelText(socket.get().get(path, CALL_TIMEOUT), field);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The id of a local image, or empty when the engine does not have it. */
    public Optional<String> imageId(String image) throws IOException, InterruptedException {
        CommandResult result = runner.run(command(CALL_TIMEOUT, "image", "inspect", "--format", "{{.Id}}", image));
        return result.succeeded() ? Optional.of(result.stdout().strip()) : Optional.empty();
    }

    public void pull(String image) throws IOException, InterruptedException {
        CommandResult result = runner.run(command(PULL_TIMEOUT, "pull", "--quiet", image));
        if (!result.succeeded()) {
            throw new SandboxException("Cannot pull the image '" + image + "': " + result.stderr().strip());
        }
    }

    /** Runs {@code docker ARGS...} and returns its trimmed output, failing with its error output. */
    public String call(List<String> arguments) throws IOException, InterruptedException {
        return call(arguments, null);
    }

    /** Like {@link #call(List)}, with bytes on the client's standard input: how a secret reaches a container, never as an argument. */
    public String call(List<String> arguments, byte[] input) throws IOException, InterruptedException {
        CommandResult result;
        try {
            result = runner.run(command(CALL_TIMEOUT, arguments).withStdin(input));
        } catch (CommandTimeoutException e) {
            throw new SandboxException("docker " + String.join(" ", arguments.subList(0, Math.min(2, arguments.size())))
                    + " did not answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
        }
        if (!result.succeeded()) {
            throw new SandboxException("docker " + String.join(" ", arguments.subList(0, Math.min(2, arguments.size())))
                    + " failed (exit " + result.exitCode() + "): " + result.stderr().strip());
        }
        return result.stdout().strip();
    }

    /** Like {@link #call} but returns the raw result, for calls whose failure is an answer. */
    public CommandResult tryCall(List<String> arguments) throws IOException, InterruptedException {
        return runner.run(command(CALL_TIMEOUT, arguments));
    }

    /**
     * Runs a {@code docker ... rm} and says why it failed, or null when it succeeded or there was
     * nothing to remove (a removal is idempotent: a missing object counts as removed).
     */
    public String remove(List<String> arguments) throws IOException, InterruptedException {
        CommandResult result = tryCall(arguments);
        String error = result.stderr().toLowerCase(java.util.Locale.ROOT);
        return result.succeeded() || error.contains("no such") || error.contains("not found") ? null : result.stderr().strip();
    }

    /** Starts {@code docker start --attach NAME}, streaming the container's output as it comes. */
    public RunningCommand attach(String name, OutputStream stdout, OutputStream stderr) throws IOException {
        return runner.start(command(CALL_TIMEOUT, "start", "--attach", name), stdout, stderr);
    }

    private Command command(Duration timeout, String... arguments) {
        return command(timeout, List.of(arguments));
    }

    private Command command(Duration timeout, List<String> arguments) {
        List<String> argv = new ArrayList<>(arguments.size() + 1);
        argv.add(executable);
        argv.addAll(arguments);
        return Command.of(timeout, argv).withEnvironment(environment);
    }
}
