package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command-line tool's class-data-sharing archive, as the build makes it and scripts/sbx-agent uses it. */
class ClassDataSharingITest {
    private static final Path JAR = Path.of(System.getProperty("sbx.cli.jar", "target/sbx-agent.jar"));
    private static final Path ARCHIVE = JAR.resolveSibling("sbx-agent.jsa");

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void shouldMakeAnArchiveThatThisJvmMapsForTheToolsJar() throws Exception {
        assertThat(ARCHIVE).as("made in the package phase beside the jar").isRegularFile();

        // -Xshare:on fails instead of running without the archive when it does not fit
        String output = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:SharedArchiveFile=" + ARCHIVE,
                "-Xshare:on", "-jar", JAR.toString(), "--help"));

        assertThat(output).contains("Usage: sbx-agent");
    }

    @Test
    void shouldStartTheToolThroughTheLauncher() throws Exception {
        Path launcher = JAR.toAbsolutePath().getParent().getParent().getParent().resolve("scripts/sbx-agent");

        assertThat(run(List.of(launcher.toString(), "--help"))).contains("Usage: sbx-agent");
    }
}
