package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review page of real runs, in Debian's real Chromium: it renders without a word on the console, holds its key
 * parts, shows no bound secret anywhere in its DOM, and keeps the markup an agent writes as text. The real Claude Code
 * run's page is checked in {@link ClaudeCodeITest}.
 */
class ReviewPageITest {
    private static final String SECRET = "review-secret-" + Long.toHexString(System.nanoTime()) + "-value";

    @TempDir
    Path temp;

    @BeforeAll
    static void requireTheParts() throws Exception {
        DockerEngine.require();
        Chromium.require();
    }

    /** Runs the command with the secret bound as the demo agent's key, and the demo agent put in at /opt/agent/agent.sh. */
    private RunResult run(Path workspace, String... command) throws Exception {
        RunSpec spec = RunSpec.builder().withWorkspace(workspace).withOutputs(temp.resolve("out")).withWorkRoot(Files.createDirectories(
                temp.resolve("work"))).withImage(DockerEngine.BUSYBOX).withTenant("tests/review").withCommand(command)
                .withSecretEnv("DEMO_API_KEY", SECRET).withPut(Path.of("..", "examples", "agents", "scripted-agent.sh").toAbsolutePath(),
                        "/opt/agent/agent.sh").build();
        return new AgentRun(spec, Policy.strict(), RuleBook.shipped(), DockerEngine.cli(), RunListener.SILENT, Clock.systemUTC()).call();
    }

    /** What every page must be, whatever the run did. */
    static Chromium.Page checkPage(Path outputs, String name, String secret) throws Exception {
        Chromium.Page page = Chromium.load(outputs, name);
        assertThat(page.console()).as("the browser's console").isEmpty();
        assertThat(page.dom()).contains("<h1>sbx-agent review:").contains("id=\"findings\"").contains("id=\"changes\"")
                .contains("id=\"diff\"").contains("id=\"conversation\"").contains("id=\"audit\"").contains("decision")
                .doesNotContain(secret);
        assertThat(Files.readString(outputs.resolve(io.jenkins.plugins.sbxagent.engine.publish.RunOutputs.REVIEW))).doesNotContain(secret);
        return page;
    }

    @Test
    void shouldShowABenignRunsChangeWithoutItsSecret() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult result = run(workspace, "sh", "-c", "echo \"key $DEMO_API_KEY\"; echo hello > hello.txt");

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        Chromium.Page page = checkPage(result.outputs(), "benign-run", SECRET);
        assertThat(page.dom()).contains("hello.txt").contains("+hello").contains("secret-bound-leaked");
    }

    @Test
    void shouldKeepTheMarkupOfTheHostileDemoAgentAsText() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Files.createDirectories(workspace.resolve(".git/hooks"));
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("src/greet.sh"), "#!/bin/sh\necho \"Helo, world\"\n");
        Files.writeString(workspace.resolve(".gitignore"), "build/\n");
        Workspaces.chownToAgent(workspace);

        // the demo's attacker, and markup in a file name and a file
        RunResult result = run(workspace, "sh", "-c", "echo '<script>alert(1)</script>' > '<img src=x onerror=alert(1)>.txt';"
                + " sh /opt/agent/agent.sh");

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        Chromium.Page page = checkPage(result.outputs(), "hostile-demo-agent", SECRET);
        // the browser built no element from the agent's text: it is there as text only
        assertThat(page.dom()).doesNotContain("<img src=\"x\"").doesNotContain("<img src=x").doesNotContain("<script>alert")
                .contains("&lt;img src=x onerror=alert(1)&gt;.txt").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("decision: fail").contains("git-hook").contains("passwd-link")
                .contains("pre-commit</a> <span class=\"kind\">added file, inside .git: not in git diff</span>")
                .contains("cache.txt</a> <span class=\"kind\">added file, ignored by git: not in git diff</span>");
    }
}
