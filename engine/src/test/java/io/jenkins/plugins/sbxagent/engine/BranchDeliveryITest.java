package io.jenkins.plugins.sbxagent.engine;

import static io.jenkins.plugins.sbxagent.engine.TestGit.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerBackend;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.deliver.PushTarget;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.cli.SbxAgentCommand;
import io.jenkins.plugins.sbxagent.engine.deliver.GatedDelivery;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --deliver-branch} on real runs and the real git: the change set becomes one commit on a new branch, exactly the
 * reviewed diff, while the host's working tree, index and HEAD stay as they were; what the gate did not pass, what
 * differs from HEAD and what holds a secret never become a branch; and the branch is pushed over smart HTTP with a
 * credential that appears nowhere.
 */
class BranchDeliveryITest {
    /** What the scripted agent does: an edit, an addition, a deletion, a mode change, a link, an ignored file and a hook. */
    private static final String AGENT = String.join("\n",
            "set -e",
            "printf 'class App { void run() {} }\\n' > src/App.java",
            "mkdir -p docs && printf 'new\\n' > docs/new.md",
            "rm src/old.txt",
            "chmod +x tool.sh",
            "ln -s README.md readme-link",
            "mkdir -p build && printf 'artifact\\n' > build/out.bin",
            "printf '#!/bin/sh\\n' > .git/hooks/post-checkout",
            // a name git would read as README.md from a line, its CR dropped: it must keep its own bytes
            "printf 'planted\\n' > \"$(printf 'README.md\\r')\"");

    /** Lets everything pass: the delivery's own refusals are what these tests look at. */
    private static final Policy PASS_ALL = Policy.strict().withFailOn(Severity.NONE).withReviewOn(Severity.NONE).withUnstableOn(Severity.NONE)
            .withMaxChangedFiles(0).withMaxChangedLines(0);

    @TempDir
    Path temp;

    @BeforeAll
    static void requireDocker() throws Exception {
        DockerEngine.require();
    }

    private Path repository() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws/src"));
        workspace = workspace.getParent();
        Files.writeString(workspace.resolve("README.md"), "# demo\n");
        Files.writeString(workspace.resolve("src/App.java"), "class App {}\n");
        Files.writeString(workspace.resolve("src/old.txt"), "to be deleted\n");
        Files.writeString(workspace.resolve("tool.sh"), "echo tool\n");
        Files.writeString(workspace.resolve("notes.txt"), "one\n");
        Files.writeString(workspace.resolve(".gitignore"), "build/\n");
        TestGit.commitAll(workspace);
        Workspaces.chownToAgent(workspace);
        return workspace;
    }

    private RunSpec.Builder spec(Path workspace, String name) throws Exception {
        return RunSpec.builder().withWorkspace(workspace).withOutputs(temp.resolve("out-" + name)).withWorkRoot(Files.createDirectories(temp.resolve("work")))
                .withImage(DockerEngine.BUSYBOX).withTenant("tests/deliver").withRunId("deliver-" + name + "-" + System.nanoTime())
                .withCommand("sh", "-c", AGENT);
    }

    private static RunResult run(RunSpec spec, Policy policy, BranchDelivery delivery) throws InterruptedException {
        DockerCli docker = new DockerCli(TestGit.trustingRunner(), "docker");
        return new AgentRun(spec, AgentKind.COMMAND, AgentBudget.NONE, policy, RuleBook.shipped(), new DockerBackend(docker), RunListener.SILENT,
                Clock.systemUTC()).withDelivery(delivery).call();
    }

    /** The working tree without .git, the index's bytes, HEAD and what git status says: what delivery must never change. */
    private static Map<String, String> hostState(Path workspace) throws Exception {
        Map<String, String> state = new TreeMap<>(Workspaces.fingerprint(workspace));
        state.keySet().removeIf(path -> path.startsWith(".git"));
        state.put("index", Base64.getEncoder().encodeToString(Files.readAllBytes(workspace.resolve(".git/index"))));
        state.put("HEAD", git(workspace, "rev-parse", "HEAD") + git(workspace, "symbolic-ref", "HEAD"));
        // without optional locks: git status would otherwise refresh the index it is asked about
        state.put("status", git(workspace, "--no-optional-locks", "status", "--porcelain", "--ignored"));
        return state;
    }

    @Test
    void shouldCommitExactlyTheChangeSetOntoANewBranchAndLeaveTheWorkingTreeAndIndexAlone() throws Exception {
        Path workspace = repository();
        String base = git(workspace, "rev-parse", "HEAD").strip();
        // the user's own uncommitted edit, of a file the agent leaves alone: it stays theirs, out of the branch
        Files.writeString(workspace.resolve("notes.txt"), "one\nmine, uncommitted\n");
        Map<String, String> before = hostState(workspace);

        RunSpec spec = spec(workspace, "pass").build();
        RunResult result = run(spec, PASS_ALL, BranchDelivery.of("sbx/fix").withSubject("Fix the app"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.gate().decision()).isEqualTo(Decision.PASS);
        assertThat(hostState(workspace)).as("working tree, index, HEAD and status").isEqualTo(before);
        String commit = git(workspace, "rev-parse", "refs/heads/sbx/fix").strip();
        assertThat(result.delivered().commit()).isEqualTo(commit);
        assertThat(result.delivered().base()).isEqualTo(base);
        assertThat(git(workspace, "rev-parse", "sbx/fix^").strip()).isEqualTo(base);
        assertThat(git(workspace, "diff", "--no-renames", "--name-status", base, "sbx/fix").lines().sorted())
                .containsExactly("A\t\"README.md\\r\"", "A\tdocs/new.md", "A\treadme-link", "D\tsrc/old.txt", "M\tsrc/App.java", "M\ttool.sh");
        assertThat(git(workspace, "show", "sbx/fix:README.md\r")).as("the file named README.md and a CR").isEqualTo("planted\n");
        assertThat(git(workspace, "show", "sbx/fix:README.md")).isEqualTo("# demo\n");
        assertThat(git(workspace, "ls-tree", "sbx/fix", "tool.sh", "readme-link")).contains("100755 blob").contains("120000 blob");
        assertThat(git(workspace, "show", "sbx/fix:src/App.java")).isEqualTo("class App { void run() {} }\n");
        assertThat(git(workspace, "show", "sbx/fix:notes.txt")).as("the user's uncommitted edit").isEqualTo("one\n");
        // the commit names the run: its author, its subject and its trailers
        assertThat(git(workspace, "log", "-1", "--format=%an <%ae>|%s", "sbx/fix").strip())
                .isEqualTo("sbx-agent (command) <sbx-agent@sbx-agent.invalid>|Fix the app");
        assertThat(git(workspace, "log", "-1", "--format=%(trailers:key=Sbx-Agent-Run,valueonly)%(trailers:key=Sbx-Agent-Decision,valueonly)",
                "sbx/fix").strip()).isEqualTo(spec.runId() + "\npass");

        JsonNode audit = new ObjectMapper().readTree(result.outputs().resolve(RunOutputs.AUDIT).toFile()).get("deliver");
        assertThat(audit.get("branch").asText()).isEqualTo("sbx/fix");
        assertThat(audit.get("commit").asText()).isEqualTo(commit);
        assertThat(audit.get("entries").asInt()).isEqualTo(6);
        assertThat(audit.get("leftOut").get("gitInternal").asInt()).as("the hook").isEqualTo(1);
        assertThat(audit.get("leftOut").get("ignored").asInt()).as("build/out.bin").isEqualTo(1);

        // whoever has the base fetches the branch from the bundle
        Path clone = temp.resolve("clone");
        // git runs the serving side with the environment cleared: it is told the trust on its command line
        git(temp, "clone", "-q", "--upload-pack", "git -c safe.directory=* upload-pack", "--branch", "main", workspace.toString(), clone.toString());
        git(clone, "bundle", "verify", "-q", result.outputs().resolve(RunOutputs.BRANCH_BUNDLE).toString());
        git(clone, "fetch", "-q", result.outputs().resolve(RunOutputs.BRANCH_BUNDLE).toString(), "sbx/fix:sbx/fix");
        assertThat(git(clone, "rev-parse", "sbx/fix").strip()).isEqualTo(commit);
    }

    @Test
    void shouldDeliverTheBranchFromTheWorkspaceAsItWasAndThenApply() throws Exception {
        Path workspace = repository();

        RunResult result = run(spec(workspace, "apply").withApply(true).build(), PASS_ALL, BranchDelivery.of("sbx/applied"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.applied()).isTrue();
        assertThat(Files.readString(workspace.resolve("src/App.java"))).isEqualTo("class App { void run() {} }\n");
        assertThat(git(workspace, "show", "sbx/applied:src/App.java")).isEqualTo("class App { void run() {} }\n");
        assertThat(git(workspace, "ls-tree", "-r", "--name-only", "sbx/applied").lines()).doesNotContain("src/old.txt");
    }

    @Test
    void shouldTakeIgnoredEntriesOnlyWhenAsked() throws Exception {
        Path workspace = repository();

        RunResult result = run(spec(workspace, "ignored").build(), PASS_ALL, BranchDelivery.of("sbx/all").withIgnored(true));

        assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(git(workspace, "ls-tree", "-r", "--name-only", "sbx/all").lines()).contains("build/out.bin")
                .noneMatch(path -> path.startsWith(".git/"));
        assertThat(result.delivered().leftOut()).containsOnlyKeys("gitInternal");
    }

    @Test
    void shouldDeliverNothingTheGateDidNotPass() throws Exception {
        Path workspace = repository();

        // the strict policy fails a new git hook
        RunResult result = run(spec(workspace, "fail").build(), Policy.strict(), BranchDelivery.of("sbx/failed"));

        assertThat(result.gate().decision()).isEqualTo(Decision.FAIL);
        assertThat(result.exitCode()).isEqualTo(12);
        assertThat(result.delivered()).isNull();
        assertThat(git(workspace, "branch", "--list", "sbx/*")).isBlank();
        assertThat(result.outputs().resolve(RunOutputs.BRANCH_BUNDLE)).doesNotExist();
        JsonNode audit = new ObjectMapper().readTree(result.outputs().resolve(RunOutputs.AUDIT).toFile());
        assertThat(audit.get("deliver").asText()).isEqualTo("withheld: the gate decided fail");
    }

    @Test
    void shouldKeepTheCommitOfAReviewOutOfTheBranchesUntilAPersonApprovesOrWithdraws() throws Exception {
        Path workspace = repository();
        // the new hook is critical: with nothing failing, the gate asks for a person's review
        Policy reviewAll = PASS_ALL.withReviewOn(Severity.LOW);

        RunResult result = run(spec(workspace, "review").build(), reviewAll, BranchDelivery.of("sbx/reviewed"));

        assertThat(result.gate().decision()).isEqualTo(Decision.REVIEW);
        assertThat(result.exitCode()).isEqualTo(10);
        String commit = result.delivered().commit();
        assertThat(result.delivered().awaitingReview()).isTrue();
        assertThat(git(workspace, "branch", "--list", "sbx/*")).as("no branch before the approval").isBlank();
        assertThat(git(workspace, "rev-parse", "refs/sbx-agent/review/sbx/reviewed").strip()).isEqualTo(commit);
        assertThat(git(workspace, "log", "-1", "--format=%(trailers:key=Sbx-Agent-Decision,valueonly)", commit).strip()).isEqualTo("review");
        assertThat(result.outputs().resolve(RunOutputs.BRANCH_BUNDLE)).exists();
        JsonNode audit = new ObjectMapper().readTree(result.outputs().resolve(RunOutputs.AUDIT).toFile()).get("deliver");
        assertThat(audit.get("awaitingReview").asBoolean()).isTrue();
        assertThat(audit.get("ref").asText()).isEqualTo("refs/sbx-agent/review/sbx/reviewed");

        // a person approves, with the command-line tool, as the repository's owner (root here, like the tests)
        TestGit.chownTree(workspace, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SbxAgentCommand tool = new SbxAgentCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("USER", "alice"));
        int code = tool.execute(new String[] {"deliver", "--out", result.outputs().toString(), "--workspace", workspace.toString()});

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("made branch sbx/reviewed (" + commit + "), approved by alice");
        assertThat(git(workspace, "rev-parse", "sbx/reviewed").strip()).isEqualTo(commit);
        assertThat(git(workspace, "for-each-ref", "refs/sbx-agent")).isBlank();
        assertThat(git(workspace, "reflog", "show", "--format=%gs", "refs/heads/sbx/reviewed").strip()).isEqualTo("sbx-agent: approved by alice");
        // the same approval again finds nothing to release
        assertThat(tool.execute(new String[] {"deliver", "--out", result.outputs().toString(), "--workspace", workspace.toString()})).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no commit " + commit + " awaits review as branch sbx/reviewed");

        // a second run's commit, withdrawn: no branch, nothing kept
        Workspaces.chownToAgent(workspace);
        RunResult second = run(spec(workspace, "withdrawn").build(), reviewAll, BranchDelivery.of("sbx/withdrawn"));
        new GatedDelivery(BranchDelivery.of("sbx/withdrawn"), TestGit.trustingRunner(), SecretMasker.forSecrets(List.of()), line -> { })
                .withdraw(workspace, Files.createDirectories(temp.resolve("scratch")), second.delivered().commit());
        assertThat(git(workspace, "for-each-ref", "refs/sbx-agent", "refs/heads/sbx/withdrawn")).isBlank();
    }

    @Test
    void shouldRefuseAChangedPathThatDifferedFromHeadBeforeTheRun() throws Exception {
        Path workspace = repository();
        // uncommitted, and then changed by the agent: the branch would carry this edit unreviewed
        Files.writeString(workspace.resolve("src/App.java"), "class App { /* mine */ }\n");
        Map<String, String> before = hostState(workspace);

        RunResult result = run(spec(workspace, "dirty").build(), PASS_ALL, BranchDelivery.of("sbx/dirty"));

        assertThat(result.outcome()).isEqualTo(RunOutcome.SANDBOX_ERROR);
        assertThat(result.error()).contains("did not match HEAD before the run at src/App.java").contains("Commit, stash or clean");
        assertThat(result.delivered()).isNull();
        assertThat(git(workspace, "branch", "--list", "sbx/*")).isBlank();
        assertThat(hostState(workspace)).isEqualTo(before);
    }

    /** A branch the repository has, or one its branches leave no room for ({@code sbx} against {@code sbx/...}). */
    @ParameterizedTest
    @CsvSource({"sbx/taken, sbx/taken, already has branch sbx/taken", "sbx, sbx/under-a-branch, cannot be made beside the repository's own"})
    void shouldRefuseABranchThatCannotBeMadeBeforeAnySandboxStarts(String existing, String asked, String why) throws Exception {
        Path workspace = repository();
        git(workspace, "branch", existing);
        RunSpec spec = spec(workspace, "taken").build();

        RunResult result = run(spec, PASS_ALL, BranchDelivery.of(asked));

        assertThat(result.outcome()).isEqualTo(RunOutcome.SANDBOX_ERROR);
        assertThat(result.error()).contains(why).contains("Name another");
        assertThat(result.phaseMillis()).doesNotContainKey("agent");
        assertThat(DockerEngine.containersOfRun(spec.runId())).isEmpty();
    }

    @Test
    void shouldNeverDeliverABoundSecretWhateverThePolicy() throws Exception {
        Path workspace = repository();
        String secret = "deliver-S3cret-value-0123456789";

        RunResult result = run(spec(workspace, "secret").withSecretEnv("API_TOKEN", secret)
                .withCommand("sh", "-c", "printf 'token=%s\\n' \"$(printf %s \"$API_TOKEN\" | base64)\" > config.txt").build(), PASS_ALL,
                BranchDelivery.of("sbx/secret"));

        assertThat(result.gate().decision()).isEqualTo(Decision.PASS);
        assertThat(result.outcome()).isEqualTo(RunOutcome.SANDBOX_ERROR);
        assertThat(result.error()).contains("config.txt holds a bound secret").doesNotContain(secret);
        assertThat(git(workspace, "branch", "--list", "sbx/*")).isBlank();
        assertThat(result.outputs().resolve(RunOutputs.BRANCH_BUNDLE)).doesNotExist();
    }

    @Test
    void shouldPushTheBranchWithTheCredentialAndShowItNowhere() throws Exception {
        Path workspace = repository();
        Path served = Files.createDirectories(temp.resolve("served"));
        git(temp, "init", "-q", "--bare", served.resolve("project.git").toString());
        git(workspace, "push", "-q", served.resolve("project.git").toString(), "main");
        String token = "ghp_pushToken0123456789abcdefABCDEF0123";

        try (GitHttpServer server = GitHttpServer.start(served, "ci-bot", token)) {
            RunResult result = run(spec(workspace, "push").withMaskedValue(token).build(), PASS_ALL,
                    BranchDelivery.of("sbx/pushed").withPush(new PushTarget(server.url("project.git"), "ci-bot", token)));

            assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(result.delivered().pushedTo()).isEqualTo(server.url("project.git"));
            assertThat(git(served.resolve("project.git"), "rev-parse", "sbx/pushed").strip()).isEqualTo(result.delivered().commit());
            assertThat(server.authorizations()).contains("Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + token).getBytes(StandardCharsets.UTF_8)));
            assertNowhere(token, result.outputs());

            // a wrong token: the push fails and says so, without either token; the branch stays in the host repository
            String wrong = "ghp_wrongToken0123456789abcdefABCDEF01";
            RunResult refused = run(spec(workspace, "push-wrong").withMaskedValue(wrong).build(), PASS_ALL,
                    BranchDelivery.of("sbx/refused").withPush(new PushTarget(server.url("project.git"), "ci-bot", wrong)));
            assertThat(refused.outcome()).isEqualTo(RunOutcome.SANDBOX_ERROR);
            assertThat(refused.error()).contains("git push failed").doesNotContain(wrong).doesNotContain(token);
            assertThat(git(workspace, "rev-parse", "--verify", "-q", "sbx/refused")).isNotBlank();
            assertNowhere(wrong, refused.outputs());
        }
    }

    private static void assertNowhere(String value, Path outputs) throws Exception {
        try (Stream<Path> files = Files.walk(outputs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(value);
            }
        }
    }
}
