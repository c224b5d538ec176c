package io.jenkins.plugins.sbxagent.engine.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.RunOutcome;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/api.md, run on the real Docker engine as a library user would run it. */
class ApiExampleITest {
    @TempDir
    Path temp;

    @Test
    void shouldRunTheDocumentedExampleAndReadItsTypedResult() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("project"));
        Files.writeString(workspace.resolve("README.md"), "# project\n");
        // the sandbox runs as the workspace's owner; a CI agent's user owns its workspace
        new ProcessCommandRunner().run(Command.of(Duration.ofSeconds(30), "chown", "-R", "1000:1000", workspace.toString()));

        RunResult result = ApiExample.run(workspace, temp.resolve("out"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.changes()).extracting(Change::path).containsExactly("hello.txt");
        assertThat(result.risk().findings()).isEmpty();
        assertThat(result.gate().decision()).isEqualTo(Decision.PASS);
        assertThat(result.finalMessage()).as("a plain command gives no answer").isEmpty();
        assertThat(result.sessionId()).isEmpty();
        assertThat(result.outputs().resolve(RunOutputs.REVIEW)).isRegularFile();
        assertThat(Files.exists(workspace.resolve("hello.txt"))).as("the workspace itself is untouched").isFalse();
    }
}
