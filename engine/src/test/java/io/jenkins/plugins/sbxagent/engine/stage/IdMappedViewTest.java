package io.jenkins.plugins.sbxagent.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdMappedViewTest {
    @Test
    void shouldTakeAnIdmappedLowerLayerOnlyFromLinux519() {
        assertThat(IdMappedView.kernelAtLeast("6.18.44-fc-v1147", 5, 19)).isTrue();
        assertThat(IdMappedView.kernelAtLeast("5.19.0", 5, 19)).isTrue();
        assertThat(IdMappedView.kernelAtLeast("5.15.0-91-generic", 5, 19)).isFalse();
        assertThat(IdMappedView.kernelAtLeast("4.19.0", 5, 19)).isFalse();
        assertThat(IdMappedView.kernelAtLeast("unknown", 5, 19)).isFalse();
    }
}
