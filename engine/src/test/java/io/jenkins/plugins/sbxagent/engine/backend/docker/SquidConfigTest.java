package io.jenkins.plugins.sbxagent.engine.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.spec.AllowedHost;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SquidConfigTest {
    private static final KeyGateway ANTHROPIC = new KeyGateway("ANTHROPIC_API_KEY", "x-api-key", "ANTHROPIC_BASE_URL",
            KeyGateway.upstream("--env", "ANTHROPIC_BASE_URL", "https://api.anthropic.com"));
    private static final KeyGateway OPENAI = new KeyGateway("OPENAI_API_KEY", "Authorization", "OPENAI_BASE_URL",
            KeyGateway.upstream("--env", "OPENAI_BASE_URL", "http://llm.example:8080/v1"));

    @Test
    void shouldRefuseAnUnnamedHostBeforeAnyRuleThatLooksANameUp() {
        List<String> lines = SquidConfig.render(List.of(AllowedHost.parse("api.anthropic.com"), AllowedHost.parse("pypi.org:443")), 3128,
                List.of("10.0.0.5"), List.of()).lines().toList();

        assertThat(lines).contains("acl named dstdomain -n api.anthropic.com pypi.org", "acl host_0 dstdomain -n api.anthropic.com");
        assertThat(lines.indexOf("http_access deny !named")).isLessThan(lines.indexOf("http_access deny the_host"))
                .isLessThan(lines.indexOf("http_access allow host_0 port_0"));
        assertThat(lines).filteredOn(line -> line.startsWith("acl") && line.contains(" dstdomain ")).allMatch(line -> line.contains(" -n "));
        assertThat(lines).noneMatch(line -> line.contains("gateway") || line.startsWith("include"));
    }

    @Test
    void shouldGiveEachGatewayAPortThatGoesToItsProviderOnly() {
        String config = SquidConfig.render(List.of(AllowedHost.parse("api.anthropic.com"), AllowedHost.parse("llm.example:8080")), 3128,
                List.of(), List.of(ANTHROPIC, OPENAI));
        List<String> lines = config.lines().toList();

        assertThat(lines).contains("http_port 3129 accel no-vhost defaultsite=api.anthropic.com name=gateway0",
                "cache_peer api.anthropic.com parent 443 0 no-query no-digest no-netdb-exchange originserver name=provider0 tls",
                "cache_peer_access provider0 allow gateway0", "cache_peer_access provider0 deny all", "never_direct allow gateway0",
                "request_header_access x-api-key deny gateway0", "request_header_add Host \"api.anthropic.com\" gateway0",
                "http_port 3130 accel no-vhost defaultsite=llm.example:8080 name=gateway1",
                "cache_peer llm.example parent 8080 0 no-query no-digest no-netdb-exchange originserver name=provider1",
                "request_header_access Authorization deny gateway1", "request_header_add Host \"llm.example:8080\" gateway1",
                "include " + SquidConfig.KEYS_FILE,
                "access_log stdio:/dev/stdout sbx_gateway1 gateway1", "access_log stdio:/dev/stdout sbx !gateways");
        assertThat(lines.indexOf("http_access allow gateway1")).as("a gateway's request names the agent's host, not an allowed one")
                .isLessThan(lines.indexOf("http_access deny !named"));
        assertThat(config).as("the keys are in their own file").doesNotContain("request_header_add x-api-key");
    }

    @Test
    void shouldWriteEachKeyAsItsProviderReadsItWithSquidsFormatCharacterDoubled() {
        String keys = SquidConfig.keys(List.of(ANTHROPIC, OPENAI), Map.of("ANTHROPIC_API_KEY", "sk-ant-1%2", "OPENAI_API_KEY", "sk-o"));

        assertThat(keys).isEqualTo("request_header_add x-api-key \"sk-ant-1%%2\" gateway0\n"
                + "request_header_add Authorization \"Bearer sk-o\" gateway1\n");
    }
}
