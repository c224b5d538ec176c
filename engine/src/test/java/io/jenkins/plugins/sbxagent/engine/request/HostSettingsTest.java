package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The administrator's settings, as a form or Configuration as Code sets them, each checked by name. */
class HostSettingsTest {
    @Test
    void shouldReadTheSettingsAndRefuseEachOneThatCannotWork() {
        HostSettings settings = HostSettings.of("docker", " ", List.of("agents/*"), "allowlist", 60, 2, "2g", null, " ", "here");

        assertThat(settings.defaultBackend()).isEqualTo(Backend.DOCKER);
        assertThat(settings.defaultImage()).isNull();
        assertThat(settings.extraRules()).isNull();
        assertThat(settings.limits().widestNetwork()).isEqualTo(NetworkMode.ALLOWLIST);
        assertThat(settings.limits().maxMemoryBytes()).isEqualTo(2L << 30);

        assertThatThrownBy(() -> HostSettings.of("podman", null, List.of(), "none", 60, 2, "2g", null, null, "here"))
                .hasMessageStartingWith("defaultBackend: ");
        assertThatThrownBy(() -> HostSettings.of("docker", null, List.of(), "host", 60, 2, "2g", null, null, "here"))
                .hasMessageStartingWith("widestNetwork: 'host'");
        assertThatThrownBy(() -> HostSettings.of("docker", null, List.of(), "none", 0, 2, "2g", null, null, "here"))
                .hasMessageStartingWith("maxTimeoutMinutes: ");
        assertThatThrownBy(() -> HostSettings.of("docker", null, List.of(), "none", 60, 2, "much", null, null, "here"))
                .hasMessageStartingWith("maxMemory: ");
    }

    @Test
    void shouldLayTheAdministratorsRulesOverTheShippedOnesAndRefuseRulesThatAreNotRules() {
        String rules = "version: 1\nrules:\n  - id: no-terraform\n    family: infrastructure\n    title: Terraform changed\n"
                + "    severity: high\n    why: it changes what is deployed\n    match:\n      paths: ['**/*.tf']\n";

        HostSettings settings = HostSettings.of("docker", null, List.of(), "none", 60, 2, "2g", null, rules, "here");

        assertThat(settings.rules().rule("no-terraform").severity().id()).isEqualTo("high");
        HostSettings.checkRules("version: 1\nrules: []\n");
        assertThatThrownBy(() -> HostSettings.checkRules("rules: [")).hasMessageStartingWith("extraRules: ");
        assertThatThrownBy(() -> HostSettings.checkRules("version: 1\nrules:\n  - id: x\n    severity: dreadful\n"))
                .hasMessageStartingWith("extraRules: ");
    }
}
