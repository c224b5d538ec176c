package io.jenkins.plugins.sbxagent.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderKeysTest {
    private static ProviderKeys.Routing route(AgentKind agent, List<String> secrets, Map<String, String> environment, ProviderKeys.Choice choice) {
        return ProviderKeys.route(agent, NetworkMode.ALLOWLIST, Backend.DOCKER, secrets, environment, choice);
    }

    @Test
    void shouldHoldEachKnownProvidersKeyWithItsHeaderAndTheClientsDefaultUrl() {
        ProviderKeys.Routing routing = route(AgentKind.CLAUDE, List.of("ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENAI_API_KEY", "OTHER_TOKEN"),
                Map.of(), ProviderKeys.Choice.DEFAULT);

        assertThat(routing.gateways()).extracting(KeyGateway::variable, KeyGateway::header, KeyGateway::urlVariable, g -> g.upstream().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ANTHROPIC_API_KEY", "x-api-key", "ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
                        org.assertj.core.groups.Tuple.tuple("GEMINI_API_KEY", "x-goog-api-key", "GOOGLE_GEMINI_BASE_URL",
                                "https://generativelanguage.googleapis.com"),
                        org.assertj.core.groups.Tuple.tuple("OPENAI_API_KEY", "Authorization", "OPENAI_BASE_URL", "https://api.openai.com/v1"));
        assertThat(routing.agentArguments()).isEmpty();
    }

    @Test
    void shouldSendToTheBaseUrlTheRunGivesAndTakeItOutOfTheSandboxsVariables() {
        ProviderKeys.Routing routing = route(AgentKind.CLAUDE, List.of("ANTHROPIC_API_KEY"),
                Map.of("ANTHROPIC_BASE_URL", "https://LLM-Proxy.example:8443/anthropic/", "PLAIN", "kept"), ProviderKeys.Choice.DEFAULT);

        KeyGateway gateway = routing.gateways().get(0);
        assertThat(gateway.upstream().toString()).isEqualTo("https://llm-proxy.example:8443/anthropic");
        assertThat(gateway.host()).isEqualTo("llm-proxy.example");
        assertThat(gateway.port()).isEqualTo(8443);
        assertThat(gateway.hostHeader()).isEqualTo("llm-proxy.example:8443");
        assertThat(KeyGateway.sandboxUrl(routing.gateways(), 0)).isEqualTo("http://" + KeyGateway.HOST + ":" + KeyGateway.FIRST_PORT + "/anthropic");
        assertThat(routing.environment()).containsExactly(Map.entry("PLAIN", "kept"));
    }

    @Test
    void shouldFollowEachClientsConventionForTheDefaultPath() {
        assertThat(route(AgentKind.OPENCODE, List.of("ANTHROPIC_API_KEY"), Map.of(), ProviderKeys.Choice.DEFAULT).gateways().get(0).upstream())
                .hasToString("https://api.anthropic.com/v1");
        ProviderKeys.Routing codex = route(AgentKind.CODEX, List.of("CODEX_API_KEY"), Map.of(), ProviderKeys.Choice.DEFAULT);
        assertThat(codex.gateways().get(0).hostHeader()).isEqualTo("api.openai.com");
        assertThat(codex.agentArguments()).as("codex reads its base URL from configuration")
                .containsExactly("-c", "openai_base_url=\"http://" + KeyGateway.HOST + ":" + KeyGateway.FIRST_PORT + "/v1\"");
    }

    @Test
    void shouldKeepAKeyInTheSandboxWhenTheRunSaysSo() {
        ProviderKeys.Routing routing = route(AgentKind.CLAUDE, List.of("ANTHROPIC_API_KEY"), Map.of("ANTHROPIC_BASE_URL", "http://x.example"),
                new ProviderKeys.Choice(Set.of("ANTHROPIC_API_KEY"), List.of()));

        assertThat(routing.gateways()).isEmpty();
        assertThat(routing.environment()).containsEntry("ANTHROPIC_BASE_URL", "http://x.example");
    }

    @Test
    void shouldHoldNothingOutsideTheAllowListOrOnDockerSandboxes() {
        for (var place : List.of(Map.entry(NetworkMode.OPEN, Backend.DOCKER), Map.entry(NetworkMode.NONE, Backend.DOCKER),
                Map.entry(NetworkMode.ALLOWLIST, Backend.DOCKER_SBX))) {
            assertThat(ProviderKeys.route(AgentKind.CLAUDE, place.getKey(), place.getValue(), List.of("ANTHROPIC_API_KEY"), Map.of(),
                    ProviderKeys.Choice.DEFAULT).gateways()).as(place.toString()).isEmpty();
        }
        assertThatThrownBy(() -> ProviderKeys.route(AgentKind.OPENCODE, NetworkMode.OPEN, Backend.DOCKER, List.of("LLM_KEY"), Map.of(),
                new ProviderKeys.Choice(Set.of(), List.of(new ProviderKeys.Custom("LLM_KEY", "api-key", "LLM_URL")))))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("--key-gateway: ").hasMessageContaining("--network allowlist");
    }

    @Test
    void shouldHoldAnotherProvidersKeyWhenItsGatewayIsDeclared() {
        ProviderKeys.Custom custom = ProviderKeys.Custom.parse("--key-gateway", "LLM_KEY=api-key,LLM_URL");
        ProviderKeys.Routing routing = route(AgentKind.OPENCODE, List.of("LLM_KEY"), Map.of("LLM_URL", "https://llm.example/v1"),
                new ProviderKeys.Choice(Set.of(), List.of(custom)));

        assertThat(routing.gateways()).singleElement().satisfies(gateway -> {
            assertThat(gateway.header()).isEqualTo("api-key");
            assertThat(gateway.urlVariable()).isEqualTo("LLM_URL");
            assertThat(gateway.headerValue("k-123")).isEqualTo("k-123");
        });
        assertThat(routing.environment()).isEmpty();
        assertThatThrownBy(() -> route(AgentKind.OPENCODE, List.of("LLM_KEY"), Map.of(), new ProviderKeys.Choice(Set.of(), List.of(custom))))
                .isInstanceOf(SpecException.class).hasMessageContaining("needs the provider's base URL in LLM_URL")
                .hasMessageContaining("--env LLM_URL=");
    }

    @Test
    void shouldRefuseADeclarationThatCannotBeRead() {
        for (String text : List.of("LLM_KEY", "LLM_KEY=api-key", "=api-key,URL", "LLM_KEY=,URL", "LLM_KEY=api-key,")) {
            assertThatThrownBy(() -> ProviderKeys.Custom.parse("--key-gateway", text)).as(text).isInstanceOf(SpecException.class)
                    .hasMessageContaining("VARIABLE=HEADER,URL_VARIABLE");
        }
        ProviderKeys.Custom custom = new ProviderKeys.Custom("LLM_KEY", "api-key", "LLM_URL");
        assertThatThrownBy(() -> route(AgentKind.OPENCODE, List.of("OTHER"), Map.of("LLM_URL", "https://llm.example"),
                new ProviderKeys.Choice(Set.of(), List.of(custom)))).hasMessageContaining("LLM_KEY is not a bound secret");
        assertThatThrownBy(() -> route(AgentKind.OPENCODE, List.of("LLM_KEY"), Map.of("LLM_URL", "https://llm.example"),
                new ProviderKeys.Choice(Set.of("LLM_KEY"), List.of(custom)))).hasMessageContaining("both kept in the sandbox and given a gateway");
        assertThatThrownBy(() -> route(AgentKind.CLAUDE, List.of("ANTHROPIC_API_KEY"), Map.of("ANTHROPIC_BASE_URL", "ftp://x.example"),
                ProviderKeys.Choice.DEFAULT)).isInstanceOf(SpecException.class).hasMessageStartingWith("--env: ANTHROPIC_BASE_URL='ftp://x.example'");
        assertThatThrownBy(() -> route(AgentKind.CLAUDE, List.of("ANTHROPIC_API_KEY"), Map.of("ANTHROPIC_BASE_URL", "https://u:p@x.example"),
                ProviderKeys.Choice.DEFAULT)).hasMessageContaining("without user, query or fragment");
        assertThatThrownBy(() -> new KeyGateway("K", "Host", "U", java.net.URI.create("https://x.example")))
                .hasMessageContaining("'Host' is not a header a key can travel in");
    }
}
