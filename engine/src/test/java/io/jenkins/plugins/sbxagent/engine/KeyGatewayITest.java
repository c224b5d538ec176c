package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key gateway with the real Claude Code CLI and the stand-in model API: the agent, told to, looks
 * for its key everywhere it can read and probes the gateway; the key is nowhere inside, the stand-in
 * gets it on every model request, and the gateway adds it to nothing but the provider's requests.
 */
class KeyGatewayITest {
    /** "gateway-held" is what the agent searches for: a part of the key, so that its search command holds no secret. */
    private static final String KEY = "sk-ant-gateway-held-" + Long.toHexString(System.nanoTime()) + "-0123456789";

    @TempDir
    Path temp;

    @Test
    void shouldKeepTheKeyOutOfTheSandboxWhileTheAgentWorksWithIt() throws Exception {
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, ClaudeCodeITest.CLAUDE);
        Path workspace = Workspaces.project(temp.resolve("ws"));
        // what the agent runs to probe: a request to the gateway that names another host, and one through the forward
        // proxy to the provider's own host with a key header of its own
        Files.writeString(workspace.resolve("probe.py"), String.join("\n",
                "import os, urllib.request",
                "def post(url, headers):",
                "    try:",
                "        urllib.request.urlopen(urllib.request.Request(url, data=b'{}', headers=headers), timeout=10)",
                "    except Exception as e:",
                "        print(url, e)",
                "post(os.environ['ANTHROPIC_BASE_URL'] + '/v1/probe-other-host', {'Host': 'elsewhere.example', 'x-api-key': 'agent-own'})",
                "post('http://" + ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT + "/v1/probe-forward-proxy', {'x-api-key': 'agent-own'})",
                ""));
        Workspaces.chownToAgent(workspace);

        RunResult result;
        List<JsonNode> requests = new ArrayList<>();
        try (ModelApiStandIn modelApi = ModelApiStandIn.start("key-gateway", "look-for-the-key.json", temp)) {
            result = modelApi.run(temp, workspace, ModelApiStandIn.IMAGE, new AgentRequest(AgentKind.CLAUDE, "Find your API key.", null, 8,
                    null, List.of()), Map.of(ClaudeCodeITest.CLAUDE, "/usr/local/bin/claude"), Map.of("ANTHROPIC_BASE_URL", modelApi.url()),
                    Map.entry("ANTHROPIC_API_KEY", KEY), ProviderKeys.Choice.DEFAULT, Duration.ofMinutes(2));
            for (String line : modelApi.requests().split("\n")) {
                if (line.startsWith("{")) {
                    requests.add(new ObjectMapper().readTree(line));
                }
            }
        }

        Path out = result.outputs();
        assertThat(result.outcome()).as("%s; agent.log: %s", result.error(), Files.readString(out.resolve(RunOutputs.AGENT_LOG)))
                .isEqualTo(RunOutcome.SUCCEEDED);
        String diff = Files.readString(out.resolve(RunOutputs.DIFF));
        // the agent looked: its environment and every process's show the placeholder, and no file holds the key
        assertThat(diff).contains("+ANTHROPIC_API_KEY=" + KeyGateway.PLACEHOLDER).contains("+++ b/found-environ.txt")
                .contains("+++ b/found-files.txt").doesNotContain("gateway-held");
        assertThat(diff.lines().filter(line -> line.startsWith("+ANTHROPIC_BASE_URL=")).distinct().toList()).as("the gateway's own URL")
                .hasSize(1).allMatch(line -> line.startsWith("+ANTHROPIC_BASE_URL=http://")).noneMatch(line -> line.contains(ModelApiStandIn.HOST));
        assertThat(result.risk().findings()).noneMatch(finding -> finding.message().contains("bound secret"));
        // the model requests reached the stand-in with the real key and the provider's host name
        List<JsonNode> model = requests.stream().filter(request -> request.path("path").asText().equals("/v1/messages")).toList();
        assertThat(model).isNotEmpty().allSatisfy(request -> {
            assertThat(request.path("credential").asText()).isEqualTo(KEY);
            assertThat(request.path("host").asText()).isEqualTo(ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT);
        });
        // whatever host the agent names, the gateway sends to the provider; the forward proxy adds no key
        assertThat(requests).anySatisfy(request -> {
            assertThat(request.path("path").asText()).isEqualTo("/v1/probe-other-host");
            assertThat(request.path("host").asText()).isEqualTo(ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT);
            assertThat(request.path("credential").asText()).isEqualTo(KEY);
        });
        assertThat(requests).anySatisfy(request -> {
            assertThat(request.path("path").asText()).isEqualTo("/v1/probe-forward-proxy");
            assertThat(request.path("credential").asText()).isEqualTo("agent-own");
        });
        // the key is in no artifact, and the audit names the gateway
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY).doesNotContain("gateway-held-");
            }
        }
        JsonNode audit = new ObjectMapper().readTree(out.resolve(RunOutputs.AUDIT).toFile());
        assertThat(audit.path("keyGateways").toString()).contains("ANTHROPIC_API_KEY").contains("x-api-key")
                .contains("http://" + ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT);
        assertThat(Files.readString(out.resolve(RunOutputs.NETWORK_LOG))).contains("POST " + ModelApiStandIn.HOST + ":" + ModelApiStandIn.PORT
                + " key-gateway");
    }
}
