package io.jenkins.plugins.sbxagent.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdministratorLimitsTest {
    private static final String WHERE = "Manage Jenkins » System » sbx-agent";

    @TempDir
    Path workspace;

    private RunSpec.Builder spec() {
        return RunSpec.builder().withWorkspace(workspace).withOutputs(workspace.resolveSibling(workspace.getFileName() + "-out"))
                .withImage("registry.example/agents/claude:1").withCommand("true");
    }

    private static AdministratorLimits strict() {
        return new AdministratorLimits(List.of("registry.example/agents/*"), NetworkMode.NONE, Duration.ofMinutes(60), 2, 4L << 30);
    }

    @Test
    void shouldAllowARunWithinEveryLimit() {
        assertThatCode(() -> strict().check(spec().build(), WHERE)).doesNotThrowAnyException();
        assertThatCode(() -> AdministratorLimits.none().check(spec().withNetwork(NetworkMode.OPEN).build(), WHERE)).doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheSettingThatForbidsAnImage() {
        assertThatThrownBy(() -> strict().check(spec().withImage("docker.io/evil/agent:1").build(), WHERE))
                .isInstanceOf(SpecException.class).hasMessageContaining("'docker.io/evil/agent:1' is not an allowed image")
                .hasMessageContaining("'Allowed images' in " + WHERE).extracting(e -> ((SpecException) e).field()).isEqualTo("image");
    }

    @Test
    void shouldNameTheSettingThatForbidsAWiderNetwork() {
        assertThatThrownBy(() -> strict().check(spec().withNetwork(NetworkMode.OPEN).build(), WHERE))
                .hasMessageContaining("'open' is wider than allowed").hasMessageContaining("'Widest network'").hasMessageContaining("'none'");
    }

    @Test
    void shouldNameTheSettingThatCapsTimeoutCpusAndMemory() {
        assertThatThrownBy(() -> strict().check(spec().withLimits(Limits.defaults().withTimeout(Duration.ofMinutes(90))).build(), WHERE))
                .hasMessageContaining("'Longest timeout'").hasMessageContaining("at most 60 minutes");
        assertThatThrownBy(() -> strict().check(spec().withLimits(Limits.defaults().withCpus(4)).build(), WHERE))
                .hasMessageContaining("'Most CPUs'");
        assertThatThrownBy(() -> strict().check(spec().withLimits(Limits.defaults().withMemoryBytes(8L << 30)).build(), WHERE))
                .hasMessageContaining("'Most memory'");
    }

    @Test
    void shouldMatchImageGlobsWholly() {
        AdministratorLimits limits = new AdministratorLimits(List.of("sbx-agent/busybox:1"), NetworkMode.OPEN, Duration.ofDays(1), 8, 1L << 40);
        assertThatCode(() -> limits.check(spec().withImage("sbx-agent/busybox:1").build(), WHERE)).doesNotThrowAnyException();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> limits.check(spec().withImage("sbx-agent/busybox:10").build(), WHERE)))
                .isInstanceOf(SpecException.class);
    }

    @Test
    void shouldMaskFurtherValuesAsSecretsButNotShortOnes() {
        RunSpec run = spec().withSecretEnv("TOKEN", "token-value-1").withMaskedValue("file-secret-content").withMaskedValue("abc").build();

        assertThat(run.secretValues()).containsExactly("token-value-1", "file-secret-content");
    }
}
