package io.jenkins.plugins.sbxagent.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input ends with exit code 2 and a message naming the option, before any Docker call. */
class RunCommandTest {
    private static final String UNSET_VARIABLE = "SBX_AGENT_TEST_SURELY_UNSET_7F3A";

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Runs {@code sbx-agent run <options> -- sh -c true} with a docker client that does not exist. */
    private int run(String... options) {
        List<String> args = new ArrayList<>();
        args.add("run");
        args.add("--docker");
        args.add("/nonexistent/sbx-agent-test/docker");
        args.addAll(List.of(options));
        args.addAll(List.of("--", "sh", "-c", "true"));
        return tool().execute(args.toArray(String[]::new));
    }

    private static final String[] IMAGE = {"--image", "sbx-agent/busybox:1"};

    private int runWithImage(String... options) {
        List<String> args = new ArrayList<>(List.of(IMAGE));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    /** The tool as main runs it, printing into this test's streams. */
    private SbxAgentCommand tool() {
        return new SbxAgentCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                System.getenv());
    }

    @Test
    void shouldExitWithTwoWhenTheImageIsMissing() {
        int code = run();

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--image");
    }

    @Test
    void shouldExitWithTwoWhenTheHostNetworkIsAskedFor() {
        int code = runWithImage("--network", "host");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("sbx-agent: --network: 'host' is not one of [none, allowlist, open].")
                .contains("The host network lets the sandbox reach every service on the host; it is never allowed.");
    }

    @Test
    void shouldExitWithTwoForAnUnknownBackendOrAnSbxLoginWithoutItsToken() {
        assertThat(System.getenv("SBX_AGENT_DOCKER_TOKEN")).isNull();

        assertThat(runWithImage("--backend", "kubernetes")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--backend: 'kubernetes' is not one of [docker, docker-sbx].");
        assertThat(runWithImage("--backend", "docker-sbx", "--sbx-login", "ci-bot")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sbx-login: SBX_AGENT_DOCKER_TOKEN is not set in this tool's environment.");
    }

    @Test
    void shouldExitWithTwoWhenASecretVariableIsNotSet() {
        assertThat(System.getenv(UNSET_VARIABLE)).isNull();

        int code = runWithImage("--secret-env", UNSET_VARIABLE);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--secret-env: " + UNSET_VARIABLE + " is not set in this tool's environment.")
                .contains("Export it before the run");
    }

    @Test
    void shouldExitWithTwoWhenTheKeyGatewayWouldSendWhereTheRunMayNotGo() {
        java.util.Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.put("ANTHROPIC_API_KEY", "sk-ant-0123456789");
        SbxAgentCommand tool = new SbxAgentCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        List<String> allowListed = List.of("run", "--docker", "/nonexistent/sbx-agent-test/docker", "--image", "sbx-agent/busybox:1",
                "--network", "allowlist", "--allow-host", "llm.example", "--secret-env", "ANTHROPIC_API_KEY");

        assertThat(tool.execute(concat(allowListed, "--", "true"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sbx-agent: --allow-host: the key gateway of ANTHROPIC_API_KEY sends to"
                + " api.anthropic.com:443, which is not allowed.");
        err.reset();
        assertThat(tool.execute(concat(allowListed, "--key-gateway", "ANTHROPIC_API_KEY=x-api-key", "--", "true"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--key-gateway: 'ANTHROPIC_API_KEY=x-api-key' is not VARIABLE=HEADER,URL_VARIABLE.");
        err.reset();
        // kept in the sandbox, the run is valid: it fails only for want of a docker client
        assertThat(tool.execute(concat(allowListed, "--no-key-gateway", "--", "true"))).isNotEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("key gateway");
    }

    @Test
    void shouldExitWithTwoForAnOutputSchemaThatIsNoneOrHasNoAgentToAnswer() throws Exception {
        java.nio.file.Path schema = java.nio.file.Files.createTempFile("schema", ".json");
        try {
            java.nio.file.Files.writeString(schema, "{\"type\": 12}");
            assertThat(runWithImage("--agent", "claude", "--prompt", "Check", "--output-schema", schema.toString())).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--output-schema: is not a JSON Schema");
            err.reset();
            java.nio.file.Files.writeString(schema, "{\"type\": \"object\"}");
            assertThat(runWithImage("--output-schema", schema.toString())).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--output-schema").contains("belong to a known agent");
        } finally {
            java.nio.file.Files.deleteIfExists(schema);
        }
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void shouldExitWithTwoForADeliveryOptionThatCannotTakeEffect() {
        assertThat(runWithImage("--deliver-ignored")).isEqualTo(2);
        assertThat(runWithImage("--deliver-branch", "sbx/fix", "--push-user", "bot")).isEqualTo(2);
        assertThat(runWithImage("--deliver-branch", "sbx/../fix")).isEqualTo(2);
        assertThat(runWithImage("--deliver-branch", "sbx/fix", "--push-remote", "origin", "--push-password-env", UNSET_VARIABLE)).isEqualTo(2);
        assertThat(runWithImage("--deliver-branch", "sbx/fix", "--workspace-mode", "mount")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8).lines()).anySatisfy(line -> assertThat(line).contains("--deliver-ignored")
                .contains("only with --deliver-branch")).anySatisfy(line -> assertThat(line).contains("--push-user").contains("only with"))
                .anySatisfy(line -> assertThat(line).contains("--deliver-branch: 'sbx/../fix' is not a valid git branch name"))
                .anySatisfy(line -> assertThat(line).contains("--push-password-env: " + UNSET_VARIABLE + " is not set"))
                .anySatisfy(line -> assertThat(line).contains("--deliver-branch: a mount-mode run lets the agent write the repository's .git"));
    }

    @Test
    void shouldExitWithTwoForAPushUrlHoldingAPasswordWithoutPrintingIt() {
        int code = runWithImage("--deliver-branch", "sbx/fix", "--push-remote", "https://bot:hunter2-secret@git.example/org/repo.git");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--push-remote: the URL holds a password").doesNotContain("hunter2-secret");
    }

    @Test
    void shouldExitWithTwoForASessionThatCannotBeContinued(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) {
        assertThat(runWithImage("--agent", "claude", "--prompt", "Go", "--fork-session")).isEqualTo(2);
        assertThat(runWithImage("--agent", "claude", "--prompt", "Go", "--resume-session", temp.toString(), "--out", temp.toString())).isEqualTo(2);
        assertThat(runWithImage("--agent", "claude", "--prompt", "Go", "--resume-session", temp.toString())).isEqualTo(2);
        assertThat(runWithImage("--agent", "gemini", "--prompt", "Go", "--resume-session", temp.toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line).contains("--fork-session: takes effect only with --resume-session"))
                .anySatisfy(line -> assertThat(line).contains("--resume-session: " + temp + " is this run's --out too"))
                .anySatisfy(line -> assertThat(line).contains("--resume-session: " + temp + " holds no session/session.json"))
                .anySatisfy(line -> assertThat(line).contains("--resume-session: only claude's, codex's and opencode's sessions continue across runs"));
    }

    @Test
    void shouldExitWithTwoWhenAnEnvHasNoEqualsSign() {
        int code = runWithImage("--env", "FOO");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--env: 'FOO' is not NAME=VALUE.");
    }

    @Test
    void shouldExitWithTwoWhenAnEnvHasNoName() {
        assertThat(runWithImage("--env", "=value")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--env: '=value' is not NAME=VALUE.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nocolon", ":/home/agent/x", "./file.json:"})
    void shouldExitWithTwoWhenAPutIsNotSourceColonTarget(String put) {
        int code = runWithImage("--put", put);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--put: '" + put + "' is not SRC:DEST.");
    }

    @Test
    void shouldExitWithTwoWhenTheTimeoutIsNotADuration() {
        int code = runWithImage("--timeout", "5x");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--timeout: '5x' is not a duration.").contains("90s, 30m or 2h");
    }

    @Test
    void shouldExitWithTwoWhenTheTimeoutIsOutOfRange() {
        int code = runWithImage("--timeout", "25h");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--timeout: must lie between 1 second and 24 hours");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999999h", "9223372036854775807m", "9223372036854775807h"})
    void shouldExitWithTwoWhenTheTimeoutOverflows(String timeout) {
        assertThat(runWithImage("--timeout", timeout)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--timeout: '" + timeout + "' is longer than any duration.");
    }

    @Test
    void shouldExitWithTwoWhenTheMemoryIsNotASize() {
        assertThat(runWithImage("--memory", "lots")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--memory: 'lots' is not a size.");
    }

    @Test
    void shouldExitWithTwoWhenTheWorkspaceIsTheRoot() {
        int code = runWithImage("--workspace", "/");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--workspace: / is the root of the host file system.");
    }

    @Test
    void shouldExitWithTwoWhenTheUserIsRoot() {
        assertThat(runWithImage("--user", "0:0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--user: the sandbox never runs as root");
    }

    @Test
    void shouldExitWithTwoWhenADockerArgIsRefused() {
        assertThat(runWithImage("--docker-arg", "--privileged")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--docker-arg: '--privileged' is refused");
    }

    @Test
    void shouldWriteNothingToStandardOutputWhenInputIsBad() {
        runWithImage("--network", "host");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldParseDurations() {
        assertThat(RunCommand.duration("--timeout", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RunCommand.duration("--timeout", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(RunCommand.duration("--timeout", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(RunCommand.duration("--timeout", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(RunCommand.duration("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(RunCommand.duration("--timeout", " 2H ")).isEqualTo(Duration.ofHours(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "", "  ", "ms", "h", "1.5h", "1d", "m30"})
    void shouldRefuseATextThatIsNotADuration(String text) {
        assertThatThrownBy(() -> RunCommand.duration("--timeout", text))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("--timeout"))
                .hasMessage("--timeout: '" + text + "' is not a duration. Write e.g. 90s, 30m or 2h.");
    }
}
