package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sandboxes never outlive their run: interrupts remove them, and gc removes what a crash left. */
class SandboxLifecycleITest {
    @TempDir
    Path temp;

    @BeforeAll
    static void requireDocker() throws Exception {
        DockerEngine.require();
    }

    /** The command-line tool, run as its own process so that a signal reaches it as it would from a shell. */
    private Process startCli(Path workspace, String runId, String... command) throws Exception {
        String jar = System.getProperty("sbx.cli.jar", "target/sbx-agent.jar");
        assertThat(Path.of(jar)).as("the CLI jar is built by the package phase").exists();
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "run", "--workspace", workspace.toString(), "--out", temp.resolve("out").toString(), "--image", DockerEngine.BUSYBOX,
                "--run-id", runId, "--"));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(temp.resolve("cli.log").toFile()).start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void shouldRemoveTheSandboxWhenTheToolIsInterrupted(String signal) throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        String runId = "interrupt-" + signal.toLowerCase(java.util.Locale.ROOT);
        Process cli = startCli(workspace, runId, "sh", "-c", "echo started; sleep 300");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (DockerEngine.containersOfRun(runId).isEmpty() || !Files.readString(temp.resolve("cli.log")).contains("started")) {
            assertThat(System.nanoTime()).as("the sandbox starts; log: %s", Files.readString(temp.resolve("cli.log"))).isLessThan(deadline);
            assertThat(cli.isAlive()).as("the tool runs; log: %s", Files.readString(temp.resolve("cli.log"))).isTrue();
            Thread.sleep(100);
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(cli.pid())).start().waitFor();

        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the tool ends after SIG%s", signal).isTrue();
        assertThat(DockerEngine.containersOfRun(runId)).as("containers left after SIG%s", signal).isEmpty();
        assertThat(DockerEngine.volumesOfRun(runId)).as("volumes left after SIG%s", signal).isEmpty();
        assertThat(Files.readString(temp.resolve("out/audit.json"))).contains("\"outcome\" : \"interrupted\"");
    }

    @Test
    void shouldRemoveExpiredLeftoversAndKeepLiveOnes() throws Exception {
        String expiredName = "sbx-agent-gc-test-expired";
        String liveName = "sbx-agent-gc-test-live";
        long now = Instant.now().getEpochSecond();
        try {
            plant(expiredName, now - 3600);
            plant(liveName, now + 3600);
            DockerEngine.docker("volume", "create", "--label", SandboxLabels.MANAGED + "=true", "--label",
                    SandboxLabels.EXPIRES + "=" + (now - 60), "--label", SandboxLabels.TENANT + "=gc-test", expiredName + "-ws");

            DockerReaper.Sweep sweep = new DockerReaper(DockerEngine.cli()).sweep(Instant.now(), "gc-test");

            assertThat(sweep.containers()).containsExactly(expiredName);
            assertThat(sweep.volumes()).containsExactly(expiredName + "-ws");
            assertThat(DockerEngine.docker("inspect", expiredName).succeeded()).isFalse();
            assertThat(DockerEngine.docker("inspect", liveName).succeeded()).isTrue();
        } finally {
            DockerEngine.docker("rm", "--force", expiredName, liveName);
            DockerEngine.docker("volume", "rm", "--force", expiredName + "-ws");
        }
    }

    @Test
    void shouldRemoveEveryResourceOfOneRunWhateverItsExpiry() throws Exception {
        long future = Instant.now().getEpochSecond() + 3600;
        try {
            for (String name : List.of("sbx-agent-run-a-1", "sbx-agent-run-a-2")) {
                assertThat(DockerEngine.docker("create", "--name", name, "--label", SandboxLabels.MANAGED + "=true", "--label",
                        SandboxLabels.RUN_ID + "=abort-me", "--label", SandboxLabels.EXPIRES + "=" + future, "--network", "none",
                        DockerEngine.BUSYBOX, "sleep", "600").succeeded()).isTrue();
            }
            plant("sbx-agent-run-b", future);

            DockerReaper.Sweep sweep = new DockerReaper(DockerEngine.cli()).removeRun("abort-me");

            assertThat(sweep.containers()).containsExactlyInAnyOrder("sbx-agent-run-a-1", "sbx-agent-run-a-2");
            assertThat(DockerEngine.containersOfRun("abort-me")).isEmpty();
            assertThat(DockerEngine.docker("inspect", "sbx-agent-run-b").succeeded()).isTrue();
        } finally {
            DockerEngine.docker("rm", "--force", "sbx-agent-run-a-1", "sbx-agent-run-a-2", "sbx-agent-run-b");
        }
    }

    private static void plant(String name, long expires) throws Exception {
        assertThat(DockerEngine.docker("create", "--name", name, "--label", SandboxLabels.MANAGED + "=true",
                "--label", SandboxLabels.TENANT + "=gc-test", "--label", SandboxLabels.EXPIRES + "=" + expires,
                "--network", "none", DockerEngine.BUSYBOX, "sleep", "600").succeeded()).isTrue();
        DockerEngine.docker("start", name);
    }
}
