package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.session.SessionSeed;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test double of a model API: the scripted stand-in {@code model/stand_in_model_api.py} (Anthropic
 * Messages and OpenAI Responses), served from a container on a network of its own, under a host name
 * the sandbox may reach only through its network allow-list. The agent CLIs talking to it are real.
 */
final class ModelApiStandIn implements AutoCloseable {
    static final String HOST = "model-api.test";
    static final int PORT = 8080;
    static final String IMAGE = "sbx-agent/debian-agent:1";

    /** The network the sandbox's egress proxy joins to reach the stand-in. */
    final String network;
    private final String container;

    private ModelApiStandIn(String name) {
        this.network = "sbx-it-" + name;
        this.container = "sbx-it-" + name + "-api";
    }

    /**
     * Fails (never skips) with the fix when a part of a real-agent test is missing: the engine, the stand-in's and the
     * egress proxy's images, the agent's image, and its CLI when it is put in (null when the image holds it).
     */
    static void requireParts(String agentImage, Path cli) throws Exception {
        DockerEngine.require();
        for (String image : List.of(IMAGE, RunSpec.DEFAULT_PROXY_IMAGE, agentImage)) {
            assertThat(DockerEngine.cli().imageId(image)).as(image + ": run scripts/docker/build-images.sh and scripts/agents/install-agent-clis.sh")
                    .isPresent();
        }
        if (cli != null) {
            assertThat(cli).as("the agent CLI; run scripts/agents/install-agent-clis.sh").isExecutable();
        }
    }

    /** Starts the stand-in with a script of turns, a resource next to it in {@code model/}. */
    static ModelApiStandIn start(String name, String script, Path folder) throws Exception {
        ModelApiStandIn standIn = new ModelApiStandIn(name);
        standIn.close();
        Path server = copy("model/stand_in_model_api.py", folder);
        Path turns = copy("model/" + script, folder);
        DockerEngine.docker("network", "create", standIn.network);
        assertThat(DockerEngine.docker("run", "-d", "--name", standIn.container, "--network", standIn.network, "--network-alias", HOST,
                "--mount", "type=bind,source=" + server + ",target=/srv/api.py,readonly",
                "--mount", "type=bind,source=" + turns + ",target=/srv/script.json,readonly",
                IMAGE, "python3", "-u", "/srv/api.py", "/srv/script.json", Integer.toString(PORT)).succeeded()).isTrue();
        return standIn;
    }

    /** The allow-list entry for the stand-in. */
    String hostAndPort() {
        return HOST + ":" + PORT;
    }

    String url() {
        return "http://" + hostAndPort();
    }

    /**
     * Runs a real agent in a sandbox of the given image, its network allow-listed to this stand-in only,
     * with everything its command line asks for (environment, generated files, puts, hidden paths).
     *
     * @param binaries host files put in as the agent's programs: source to target
     * @param key      the agent's API key variable, bound as a secret with a fake value
     */
    RunResult run(Path temp, Path workspace, String image, AgentRequest request, Map<Path, String> binaries, Map<String, String> environment,
            Map.Entry<String, String> key, Duration timeout) throws Exception {
        return run(temp, workspace, image, request, binaries, environment, key, ProviderKeys.Choice.DEFAULT, timeout);
    }

    /**
     * As above, with the key held as {@code gateway} says: a known provider's key by the key gateway unless kept in the
     * sandbox, another provider's when declared, as the command-line tool and the step decide it.
     */
    RunResult run(Path temp, Path workspace, String image, AgentRequest request, Map<Path, String> binaries, Map<String, String> environment,
            Map.Entry<String, String> key, ProviderKeys.Choice gateway, Duration timeout) throws Exception {
        return run(temp, workspace, image, request, binaries, environment, key, gateway, timeout, null);
    }

    /** As above, continuing the session {@code session} holds (its choice must be the request's), or a new one when null. */
    RunResult run(Path temp, Path workspace, String image, AgentRequest request, Map<Path, String> binaries, Map<String, String> environment,
            Map.Entry<String, String> key, ProviderKeys.Choice gateway, Duration timeout, SessionSeed session) throws Exception {
        ProviderKeys.Routing routing = ProviderKeys.route(request.kind(), NetworkMode.ALLOWLIST, Backend.DOCKER, List.of(key.getKey()),
                environment, gateway);
        List<String> extraArgs = new java.util.ArrayList<>(request.extraArgs());
        extraArgs.addAll(routing.agentArguments());
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(request.kind(), request.prompt(), request.model(), request.maxTurns(),
                request.maxCostUsd(), extraArgs, request.configuration(), request.outputSchema(), request.session()));
        RunSpec.Builder spec = RunSpec.builder().withWorkspace(workspace).withOutputs(temp.resolve("out"))
                .withWorkRoot(Files.createDirectories(temp.resolve("work"))).withImage(image).withTenant("tests/" + request.kind().id())
                .withCommand(line.argv()).withNetwork(NetworkMode.ALLOWLIST).withAllowHost(hostAndPort()).withEgressNetwork(network)
                .withSecretEnv(key.getKey(), key.getValue()).withLimits(Limits.defaults().withTimeout(timeout));
        binaries.forEach(spec::withPut);
        routing.applyTo(spec);
        line.environment().forEach(spec::withEnv);
        line.generated().forEach(spec::withGeneratedFile);
        line.puts().forEach(spec::withPut);
        line.hidden().forEach(spec::withHiddenPath);
        return new AgentRun(spec.build(), request.kind(), AgentBudget.of(request), Policy.strict(), RuleBook.shipped(), DockerEngine.cli(),
                RunListener.SILENT, Clock.systemUTC()).withOutputSchema(request.outputSchema()).withSession(session).call();
    }

    /**
     * Writes a skill, NAME/SKILL.md under {@code root}, whose description is {@code marker} (a word "marker-..."): the
     * stand-in logs it for every request whose text holds it, which is how a test sees that the agent listed the skill
     * to its model. Returns the SKILL.md.
     */
    static Path skill(Path root, String name, String marker) throws java.io.IOException {
        Path folder = Files.createDirectories(root.resolve(name));
        return Files.writeString(folder.resolve("SKILL.md"), "---\nname: " + name + "\ndescription: " + marker
                + " Use when the task mentions " + name + ".\n---\nFollow the steps.\n");
    }

    /** The keys the stand-in received, one per request it answered. */
    List<String> credentials() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (String line : requests().split("\n")) {
            if (line.startsWith("{")) {
                keys.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("credential").asText(null));
            }
        }
        return keys;
    }

    /** The requests the stand-in answered, one JSON line each. */
    String requests() throws Exception {
        return DockerEngine.docker("logs", container).stdout();
    }

    @Override
    public void close() throws Exception {
        DockerEngine.docker("rm", "--force", container);
        DockerEngine.docker("network", "rm", network);
    }

    private static Path copy(String resource, Path folder) throws Exception {
        Path target = folder.resolve(Path.of(resource).getFileName());
        try (InputStream in = ModelApiStandIn.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
