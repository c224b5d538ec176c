package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each preflight error, against the contract test double of the sbx CLI (sbx-contract-double: the
 * documented behaviour of the commands preflight runs; the real CLI needs KVM and a Docker account).
 */
class SbxPreflightTest {
    @TempDir
    Path temp;

    private Path sbx;
    private Path kvm;

    @BeforeEach
    void installTheDouble() throws Exception {
        sbx = SbxContractDouble.install(temp);
        kvm = temp.resolve("kvm");
        if (Files.notExists(kvm)) {
            Files.createFile(kvm);
        }
    }

    private SbxPreflight preflight(Duration callTimeout) {
        return new SbxPreflight(new SbxCli(new ProcessCommandRunner(), sbx.toString(), callTimeout), kvm);
    }

    private void state(String file, String content) throws Exception {
        Files.writeString(temp.resolve(file), content);
    }

    @Test
    void shouldPassOnASignedInNodeWithAPolicyAndNameTheVersion() throws Exception {
        state("signed-in", "");
        state("policy", "");

        assertThat(preflight(Duration.ofSeconds(30)).check(null)).isEqualTo("0.45.0");
    }

    @Test
    void shouldRefuseAMissingClientOrAnOldOne() throws Exception {
        Files.delete(sbx);
        assertThatThrownBy(() -> preflight(Duration.ofSeconds(30)).check(null)).isInstanceOf(SandboxException.class)
                .hasMessageContaining("Install Docker Sandboxes");

        installTheDouble();
        state("version", "0.41.2");
        assertThatThrownBy(() -> preflight(Duration.ofSeconds(30)).check(null)).hasMessageContaining("sbx 0.41.2 is older than 0.42.0");
    }

    @Test
    void shouldRefuseANodeWithoutKvm() throws Exception {
        Files.delete(kvm);

        assertThatThrownBy(() -> preflight(Duration.ofSeconds(30)).check(null)).hasMessageContaining("kvm is missing")
                .hasMessageContaining("needs KVM").hasMessageContaining("docker backend");
    }

    @Test
    void shouldSignInWithTheBoundTokenOnStandardInputOrSayHow() throws Exception {
        state("policy", "");

        assertThatThrownBy(() -> preflight(Duration.ofSeconds(30)).check(null)).hasMessageContaining("not signed in")
                .hasMessageContaining("Docker token credential");
        assertThatThrownBy(() -> preflight(Duration.ofSeconds(30)).check(new SbxPreflight.DockerLogin("ci-bot", "wrong-token")))
                .hasMessageContaining("sbx login as ci-bot failed").satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-token"));
        assertThat(preflight(Duration.ofSeconds(30)).check(new SbxPreflight.DockerLogin("ci-bot", "good-token"))).isEqualTo("0.45.0");
        assertThat(temp.resolve("signed-in")).exists();
    }

    @Test
    void shouldSayHowToSetUpTheNetworkPolicy() throws Exception {
        state("signed-in", "");

        assertThatThrownBy(() -> preflight(Duration.ofSeconds(30)).check(null)).hasMessageContaining("no network policy")
                .hasMessageContaining("sbx policy init deny-all");
    }

    @Test
    void shouldStopAHungClientAndSaySo() throws Exception {
        state("hang", "");
        long started = System.nanoTime();

        assertThatThrownBy(() -> preflight(Duration.ofSeconds(2)).check(null)).hasMessageContaining("did not answer within 2 s")
                .hasMessageContaining("sbx daemon restart");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the watchdog, not the double, ended it").isLessThan(Duration.ofSeconds(60));
    }
}
