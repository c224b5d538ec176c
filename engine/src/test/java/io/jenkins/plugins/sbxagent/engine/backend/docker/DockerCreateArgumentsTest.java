package io.jenkins.plugins.sbxagent.engine.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.MountGuard;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCreateArgumentsTest {
    private static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L);
    private static final Instant EXPIRES = Instant.ofEpochSecond(1_700_002_400L);
    private static final SandboxLabels LABELS =
            new SandboxLabels("sbx-agent-0a1b2c3d-run-1-abcdef", "team/job", "run-1", CREATED, EXPIRES);
    private static final String USER = "1000:1000";

    @TempDir
    Path tmp;

    private Path workspace;
    private Path workRoot;
    private Path home;

    @BeforeEach
    void createFolders() throws IOException {
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        workRoot = Files.createDirectories(tmp.resolve("work"));
        home = Files.createDirectories(tmp.resolve("home"));
    }

    private RunSpec.Builder spec() {
        return RunSpec.builder()
                .withWorkspace(workspace)
                .withOutputs(tmp.resolve("out"))
                .withWorkRoot(workRoot)
                .withImage("sbx-agent/busybox:1")
                .withTenant("team/job")
                .withRunId("run-1")
                .withCommand("sh", "-c", "true")
                .withMountGuard(MountGuard.forHost(Map.of("HOME", home.toString())));
    }

    private List<Mount> workspaceMount() {
        return List.of(Mount.bind("/stage/copy", RunSpec.SANDBOX_WORKSPACE, false));
    }

    private static String valueAfter(List<String> args, String flag) {
        int index = args.indexOf(flag);
        assertThat(index).as("position of %s in %s", flag, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(index + 1);
    }

    @Test
    void shouldRenderTheHardenedDefaultVector() {
        List<String> args = DockerCreateArguments.of(spec().build(), LABELS, USER, workspaceMount(), null);

        assertThat(args).containsExactly(
                "create",
                "--pull", "never",
                "--name", "sbx-agent-0a1b2c3d-run-1-abcdef",
                "--label", "io.jenkins.sbx-agent.managed=true",
                "--label", "io.jenkins.sbx-agent.tenant=team/job",
                "--label", "io.jenkins.sbx-agent.run-id=run-1",
                "--label", "io.jenkins.sbx-agent.created=1700000000",
                "--label", "io.jenkins.sbx-agent.expires=1700002400",
                "--network", "none",
                "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges",
                "--user", "1000:1000",
                "--init",
                "--log-driver", "none",
                "--ipc", "private",
                "--ulimit", "core=0",
                "--ulimit", "fsize=1073741824",
                "--read-only",
                "--tmpfs", "/tmp:rw,nosuid,nodev,size=1073741824,mode=1777",
                "--cpus", "2.00",
                "--memory", "4294967296",
                "--memory-swap", "4294967296",
                "--pids-limit", "1024",
                "--workdir", "/workspace",
                "--env", "HOME=/tmp",
                "--mount", "type=bind,source=/stage/copy,target=/workspace,bind-propagation=rprivate",
                "--",
                "sbx-agent/busybox:1",
                "sh", "-c", "true");
    }

    @Test
    void shouldRenderGivenLimits() {
        Limits limits = Limits.defaults().withCpus(1.5).withMemoryBytes(512L << 20).withPids(64).withTmpfsBytes(64L << 20);

        List<String> args = DockerCreateArguments.of(spec().withLimits(limits).build(), LABELS, USER, workspaceMount(), null);

        assertThat(valueAfter(args, "--cpus")).isEqualTo("1.50");
        assertThat(valueAfter(args, "--memory")).isEqualTo("536870912");
        assertThat(valueAfter(args, "--memory-swap")).isEqualTo("536870912");
        assertThat(valueAfter(args, "--pids-limit")).isEqualTo("64");
        assertThat(valueAfter(args, "--tmpfs")).isEqualTo("/tmp:rw,nosuid,nodev,size=67108864,mode=1777");
    }

    /** Docker reads {@code --cpus 0.00} as "no limit": the smallest limit allowed must still render as positive. */
    @Test
    void shouldNeverRenderACpuLimitThatDockerReadsAsUnlimited() {
        Limits limits = Limits.defaults().withCpus(0.01);

        List<String> args = DockerCreateArguments.of(spec().withLimits(limits).build(), LABELS, USER, workspaceMount(), null);

        assertThat(Double.parseDouble(valueAfter(args, "--cpus"))).isPositive();
        assertThatThrownBy(() -> Limits.defaults().withCpus(0.001)).hasMessageContaining("--cpus");
    }

    @Test
    void shouldUseTheBridgeWhenTheNetworkIsOpen() {
        List<String> args = DockerCreateArguments.of(spec().withNetwork(NetworkMode.OPEN).build(), LABELS, USER, workspaceMount(), null);

        assertThat(valueAfter(args, "--network")).isEqualTo("bridge");
        assertThat(args).doesNotContain("host");
    }

    @Test
    void shouldLeaveOutReadOnlyWhenTheRootIsWritable() {
        List<String> args = DockerCreateArguments.of(spec().withReadOnlyRoot(false).build(), LABELS, USER, workspaceMount(), null);

        assertThat(args).doesNotContain("--read-only");
        assertThat(args).contains("--cap-drop", "--init");
    }

    @Test
    void shouldKeepAGivenHome() {
        List<String> args = DockerCreateArguments.of(spec().withEnv("HOME", "/home/agent").build(), LABELS, USER, workspaceMount(), null);

        assertThat(args).doesNotContain("HOME=/tmp").containsSubsequence("--env", "HOME=/home/agent");
    }

    @Test
    void shouldPassPlainVariablesAsEnv() {
        List<String> args = DockerCreateArguments.of(spec().withEnv("CI", "true").build(), LABELS, USER, workspaceMount(), null);

        assertThat(args).containsSubsequence("--env", "HOME=/tmp", "--env", "CI=true", "--mount");
    }

    /**
     * The builder keeps variables in the order given, but {@link RunSpec} copies them with
     * {@code Map.copyOf}, whose order changes from one JVM to the next (see the report).
     */
    @Test
    void shouldRenderVariablesInTheOrderGiven() {
        RunSpec.Builder builder = spec();
        List<String> expected = new ArrayList<>();
        for (String name : List.of("A1", "B2", "C3", "D4", "E5", "F6", "G7", "H8", "I9", "J10")) {
            builder.withEnv(name, "v");
            expected.add(name + "=v");
        }

        List<String> args = DockerCreateArguments.of(builder.build(), LABELS, USER, workspaceMount(), null);

        List<String> variables = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--env") && !args.get(i + 1).startsWith("HOME=")) {
                variables.add(args.get(i + 1));
            }
        }
        assertThat(variables).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldPassSecretsOnlyThroughTheEnvFile() {
        RunSpec spec = spec().withSecretEnv("TOKEN", "s3cr3t-value").build();
        Path envFile = tmp.resolve("private/secrets.env");

        List<String> args = DockerCreateArguments.of(spec, LABELS, USER, workspaceMount(), envFile);

        assertThat(args).containsSubsequence("--env-file", envFile.toString());
        assertThat(valueAfter(args, "--env-file")).isEqualTo(envFile.toString());
        assertThat(args).noneMatch(arg -> arg.contains("s3cr3t-value"));
        assertThat(args).noneMatch(arg -> arg.contains("TOKEN"));
    }

    @Test
    void shouldLeaveOutTheEnvFileWhenThereIsNone() {
        List<String> args = DockerCreateArguments.of(spec().build(), LABELS, USER, workspaceMount(), null);

        assertThat(args).doesNotContain("--env-file");
    }

    @Test
    void shouldRenderEveryMountInOrder() {
        List<Mount> mounts = List.of(
                Mount.volume("sbx-agent-0a1b2c3d-run-1-abcdef-upper", RunSpec.SANDBOX_WORKSPACE),
                Mount.bind("/private/empty", "/workspace/sbx-out", true),
                Mount.bind("/private/put/0", "/home/agent/tool.json", true));

        List<String> args = DockerCreateArguments.of(spec().build(), LABELS, USER, mounts, null);

        assertThat(args).containsSubsequence(
                "--mount", "type=volume,source=sbx-agent-0a1b2c3d-run-1-abcdef-upper,target=/workspace,volume-nocopy",
                "--mount", "type=bind,source=/private/empty,target=/workspace/sbx-out,readonly,bind-propagation=rprivate",
                "--mount", "type=bind,source=/private/put/0,target=/home/agent/tool.json,readonly,bind-propagation=rprivate",
                "--");
        assertThat(args.stream().filter("--mount"::equals)).hasSize(3);
    }

    @Test
    void shouldQuoteAMountFieldWithAComma() {
        Mount mount = Mount.bind("/a,b", "/workspace", false);

        assertThat(mount.argument()).isEqualTo("type=bind,\"source=/a,b\",target=/workspace,bind-propagation=rprivate");
        assertThat(DockerCreateArguments.of(spec().build(), LABELS, USER, List.of(mount), null))
                .containsSubsequence("--mount", "type=bind,\"source=/a,b\",target=/workspace,bind-propagation=rprivate");
    }

    @Test
    void shouldQuoteAndDoubleAQuoteInAMountField() {
        assertThat(Mount.bind("/a\"b", "/t", true).argument())
                .isEqualTo("type=bind,\"source=/a\"\"b\",target=/t,readonly,bind-propagation=rprivate");
    }

    /**
     * The client reads a {@code --mount} value as one CSV record: an unquoted line break ends it, and
     * whatever follows (here {@code readonly}) is silently dropped (see the report).
     */
    @Test
    void shouldQuoteAMountFieldWithALineBreak() {
        assertThat(Mount.bind("/private/put/0", "/home/agent/x\ny", true).argument())
                .isEqualTo("type=bind,source=/private/put/0,\"target=/home/agent/x\ny\",readonly,bind-propagation=rprivate");
    }

    @Test
    void shouldAppendExtraDockerArgumentsJustBeforeTheImage() {
        RunSpec spec = spec().withDockerArg("--runtime=runsc").withDockerArg("--shm-size=64m").build();

        List<String> args = DockerCreateArguments.of(spec, LABELS, USER, workspaceMount(), null);

        int separator = args.indexOf("--");
        assertThat(args.subList(separator - 2, separator + 2))
                .containsExactly("--runtime=runsc", "--shm-size=64m", "--", "sbx-agent/busybox:1");
        assertThat(args.indexOf("--runtime=runsc")).isGreaterThan(args.lastIndexOf("--mount"));
    }

    @Test
    void shouldPutTheCommandAfterTheSeparatorSoItIsNeverReadAsAnOption() {
        RunSpec spec = spec().withCommand("--privileged", "-v", "/:/host").build();

        List<String> args = DockerCreateArguments.of(spec, LABELS, USER, workspaceMount(), null);

        assertThat(args.subList(args.indexOf("--"), args.size()))
                .containsExactly("--", "sbx-agent/busybox:1", "--privileged", "-v", "/:/host");
    }

    @Test
    void shouldLabelTheSandboxForGarbageCollection() {
        List<String> args = DockerCreateArguments.of(spec().build(), LABELS, USER, workspaceMount(), null);

        List<String> labels = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--label")) {
                labels.add(args.get(i + 1));
            }
        }
        assertThat(labels).containsExactly(
                SandboxLabels.MANAGED + "=true",
                SandboxLabels.TENANT + "=team/job",
                SandboxLabels.RUN_ID + "=run-1",
                SandboxLabels.CREATED + "=" + CREATED.getEpochSecond(),
                SandboxLabels.EXPIRES + "=" + EXPIRES.getEpochSecond());
    }

    @Test
    void shouldNameANewRunsSandboxUniquelyAndExpireItAfterTheTimeoutAndGrace() {
        SandboxLabels first = SandboxLabels.forRun("team/job", "run-1", CREATED, Duration.ofMinutes(30));
        SandboxLabels second = SandboxLabels.forRun("team/job", "run-1", CREATED, Duration.ofMinutes(30));

        assertThat(first.name()).matches("sbx-agent-[0-9a-f]{8}-run-1-[0-9a-f]{6}").isNotEqualTo(second.name());
        assertThat(first.expires()).isEqualTo(CREATED.plus(Duration.ofMinutes(40)));
        assertThat(first.asMap()).containsEntry(SandboxLabels.EXPIRES, Long.toString(CREATED.getEpochSecond() + 2400));
    }
}
