package io.jenkins.plugins.sbxagent.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run with a key gateway must be: every refusal names the option and the fix. */
class KeyGatewayTest {
    private static final KeyGateway ANTHROPIC = new KeyGateway("ANTHROPIC_API_KEY", "x-api-key", "ANTHROPIC_BASE_URL",
            URI.create("https://api.anthropic.com"));

    @TempDir
    Path tmp;

    private RunSpec.Builder allowListed(String key) throws Exception {
        return allowListed(key, "api.anthropic.com", ANTHROPIC);
    }

    private RunSpec.Builder allowListed(String key, String allowedHost, KeyGateway gateway) throws Exception {
        return RunSpec.builder().withWorkspace(Files.createDirectories(tmp.resolve("ws"))).withOutputs(tmp.resolve("out"))
                .withWorkRoot(Files.createDirectories(tmp.resolve("work"))).withImage("sbx-agent/busybox:1").withCommand("true")
                .withMountGuard(MountGuard.forHost(Map.of())).withNetwork(NetworkMode.ALLOWLIST).withAllowHost(allowedHost)
                .withSecretEnv("ANTHROPIC_API_KEY", key).withKeyGateway(gateway);
    }

    @Test
    void shouldKeepAHeldKeyOutOfTheSandboxsSecretsAndStillMaskIt() throws Exception {
        RunSpec spec = allowListed("sk-ant-0123456789").withSecretEnv("OTHER_TOKEN", "tok-0123456789").build();

        assertThat(spec.keyGateways()).containsExactly(ANTHROPIC);
        assertThat(spec.sandboxSecrets()).extracting(SecretEnv::name).containsExactly("OTHER_TOKEN");
        assertThat(spec.secretValues()).contains("sk-ant-0123456789");
        assertThat(ANTHROPIC.description()).containsExactly(Map.entry("variable", "ANTHROPIC_API_KEY"), Map.entry("header", "x-api-key"),
                Map.entry("urlVariable", "ANTHROPIC_BASE_URL"), Map.entry("upstream", "https://api.anthropic.com"));
    }

    @Test
    void shouldRefuseAGatewayToAHostTheRunMayNotReach() throws Exception {
        KeyGateway elsewhere = new KeyGateway("ANTHROPIC_API_KEY", "x-api-key", "ANTHROPIC_BASE_URL", URI.create("http://llm.example:8080"));
        assertThatThrownBy(() -> allowListed("sk-ant-0123456789", "llm.example", elsewhere).build()).isInstanceOf(SpecException.class)
                .hasMessage("--allow-host: the key gateway of ANTHROPIC_API_KEY sends to llm.example:8080, which is not allowed."
                        + " Add --allow-host llm.example:8080, or keep the key in the sandbox (--no-key-gateway).");
    }

    @Test
    void shouldRefuseAGatewayTheRestOfTheRunContradicts() throws Exception {
        assertThatThrownBy(() -> allowListed("sk-ant-0123456789").withNetwork(NetworkMode.OPEN).withAllowHost("x.example").build())
                .isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> allowListed("sk-ant-0123456789").withEnv("ANTHROPIC_BASE_URL", "http://x").build())
                .hasMessageStartingWith("--env: ANTHROPIC_BASE_URL is set, and the key gateway sets it to its own address.");
        assertThatThrownBy(() -> allowListed("sk-ant-0123456789").withKeyGateway(new KeyGateway("OTHER", "api-key", "OTHER_URL",
                URI.create("https://api.anthropic.com"))).build()).hasMessage("--key-gateway: OTHER is not a bound secret."
                        + " Bind the key with --secret-env OTHER.");
        assertThatThrownBy(() -> allowListed("sk-ant-\"quoted\"").build()).hasMessageStartingWith("--key-gateway: ANTHROPIC_API_KEY holds a"
                + " character a header value cannot carry").hasMessageEndingWith("Keep this key in the sandbox (--no-key-gateway).");
        assertThatThrownBy(() -> allowListed("sk-ant-0123456789").withBackend(Backend.DOCKER_SBX).build())
                .hasMessageContaining("docker-sbx holds the keys of the providers it knows in its own proxy");
    }
}
