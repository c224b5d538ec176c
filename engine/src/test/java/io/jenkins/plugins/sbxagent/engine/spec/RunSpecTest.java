package io.jenkins.plugins.sbxagent.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunSpecTest {
    private static final String GUARD_FIX = "Never give a sandbox this path";

    @TempDir
    Path tmp;

    private Path workspace;
    private Path home;
    private Path workRoot;

    @BeforeEach
    void createFolders() throws IOException {
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        home = Files.createDirectories(tmp.resolve("users/alice"));
        workRoot = Files.createDirectories(tmp.resolve("work"));
    }

    /** A spec that builds, with a guard that knows the test's home folder. */
    private RunSpec.Builder valid() {
        return RunSpec.builder()
                .withWorkspace(workspace)
                .withOutputs(tmp.resolve("out"))
                .withWorkRoot(workRoot)
                .withImage("sbx-agent/busybox:1")
                .withCommand("sh", "-c", "true")
                .withMountGuard(MountGuard.forHost(Map.of("HOME", home.toString())));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ThrowingCallable call, String field) {
        return assertThatThrownBy(call)
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(RunSpec.Builder builder, String field) {
        return assertRefused(builder::build, field);
    }

    private Path file(String relative, String content) throws IOException {
        Path path = tmp.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    // --- a valid spec -------------------------------------------------------------------------

    @Test
    void shouldBuildWithSafeDefaultsWhenOnlyTheRequiredOptionsAreGiven() throws IOException {
        RunSpec spec = valid().build();

        assertThat(spec.workspace()).isEqualTo(workspace.toRealPath());
        assertThat(spec.outputs()).isEqualTo(tmp.toRealPath().resolve("out"));
        assertThat(spec.workRoot()).isEqualTo(workRoot.toRealPath());
        assertThat(spec.image()).isEqualTo("sbx-agent/busybox:1");
        assertThat(spec.command()).containsExactly("sh", "-c", "true");
        assertThat(spec.workspaceMode()).isEqualTo(WorkspaceMode.COPY);
        assertThat(spec.staging()).isEqualTo(StagingMode.AUTO);
        assertThat(spec.network()).isEqualTo(NetworkMode.NONE);
        assertThat(spec.readOnlyRoot()).isTrue();
        assertThat(spec.apply()).isFalse();
        assertThat(spec.tenant()).isEqualTo("local");
        assertThat(spec.runId()).matches("run-[0-9a-f]{12}");
        assertThat(spec.user()).isEmpty();
        assertThat(spec.environment()).isEmpty();
        assertThat(spec.secrets()).isEmpty();
        assertThat(spec.puts()).isEmpty();
        assertThat(spec.reads()).isEmpty();
        assertThat(spec.dockerArgs()).isEmpty();
        assertThat(spec.limits()).isEqualTo(Limits.defaults());
    }

    @Test
    void shouldHaveDocumentedLimitDefaults() {
        Limits limits = Limits.defaults();

        assertThat(limits.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(limits.cpus()).isEqualTo(2.0);
        assertThat(limits.memoryBytes()).isEqualTo(4L << 30);
        assertThat(limits.pids()).isEqualTo(1024);
        assertThat(limits.logBytes()).isEqualTo(64L << 20);
        assertThat(limits.readBytes()).isEqualTo(16L << 20);
        assertThat(limits.tmpfsBytes()).isEqualTo(1L << 30);
    }

    @Test
    void shouldGiveEachRunItsOwnRandomIdWhenNoneIsGiven() {
        assertThat(valid().build().runId()).isNotEqualTo(valid().build().runId());
    }

    @Test
    void shouldKeepSecretValuesOutOfToString() {
        RunSpec spec = valid().withSecretEnv("TOKEN", "s3cr3t-value").build();

        assertThat(spec.toString()).contains("TOKEN").doesNotContain("s3cr3t-value");
        assertThat(spec.secrets().get(0).toString()).doesNotContain("s3cr3t-value");
        assertThat(spec.secretValues()).containsExactly("s3cr3t-value");
    }

    @Test
    void shouldAcceptAPutFileOutsideTheSystemFolders() throws IOException {
        Path source = file("config/tool.json", "{}");

        RunSpec spec = valid().withPut(source, "/home/agent/tool.json").withRead("reports/result.json").build();

        assertThat(spec.puts()).containsExactly(new PutFile(source, "/home/agent/tool.json"));
        assertThat(spec.reads()).containsExactly("reports/result.json");
    }

    @Test
    void shouldRefuseWhatOnlyTheDockerBackendTakesForDockerSandboxes() {
        assertRefused(valid().withBackend(Backend.DOCKER_SBX).withWorkspaceMode(WorkspaceMode.MOUNT), "--workspace-mode")
                .hasMessageContaining("private copy").hasMessageContaining("--backend docker");
        assertRefused(valid().withBackend(Backend.DOCKER_SBX).withStaging(StagingMode.OVERLAY), "--staging");
        assertRefused(valid().withWorkspaceMode(WorkspaceMode.CLONE), "--workspace-mode").hasMessageContaining("--backend docker-sbx");
        assertThat(valid().withBackend(Backend.DOCKER_SBX).withWorkspaceMode(WorkspaceMode.CLONE).build().workspaceMode())
                .isEqualTo(WorkspaceMode.CLONE);
        assertRefused(valid().withBackend(Backend.DOCKER_SBX).withDockerArg("--runtime=runsc"), "--docker-arg");
        assertRefused(valid().withBackend(Backend.DOCKER_SBX).withUser("1000:1000"), "--user");
        assertThat(valid().withBackend(Backend.DOCKER_SBX).build().workspaceMode()).as("sbx's own default").isEqualTo(WorkspaceMode.CLONE);
        assertThat(valid().build().workspaceMode()).isEqualTo(WorkspaceMode.COPY);
        assertThat(valid().build().backend()).as("the default").isEqualTo(Backend.DOCKER);
        assertThat(Backend.parse("--backend", "docker-sbx")).isEqualTo(Backend.DOCKER_SBX);
        assertThatThrownBy(() -> Backend.parse("--backend", "kubernetes")).hasMessageStartingWith("--backend: 'kubernetes' is not one of"
                + " [docker, docker-sbx].");
    }

    @Test
    void shouldRefuseToCoverALinkOrAPathUnderOne() throws IOException {
        Files.createSymbolicLink(workspace.resolve(".gemini"), Path.of("/"));
        Files.createDirectories(workspace.resolve("real/.opencode"));
        Files.createSymbolicLink(workspace.resolve("config"), workspace.resolve("real"));
        Files.createDirectories(workspace.resolve(".agents"));

        assertRefused(valid().withHiddenPath(".gemini"), "--hide").hasMessageContaining("'.gemini' in the workspace is or lies under a symbolic link");
        assertRefused(valid().withHiddenPath("config/.opencode"), "--hide").hasMessageContaining("symbolic link");
        assertRefused(valid().withHiddenPath("../outside"), "--hide");
        assertThat(valid().withHiddenPath(".agents").withHiddenPath("opencode.json").withHiddenPath(".agents").build().hiddenPaths())
                .as("a plain folder, and a path that does not exist, each once").containsExactly(".agents", "opencode.json");
        assertRefused(valid().withOutputs(workspace.resolve("out/run")).withHiddenPath("out"), "--hide").hasMessageContaining("overlaps the outputs");
    }

    @Test
    void shouldCheckAGeneratedFileLikeAPutFileAndRefuseTwoFilesAtOneTarget() throws IOException {
        Path source = file("config/tool.json", "{}");

        assertThat(valid().withGeneratedFile("/run/sbx-agent/mcp.json", "{}").build().generated())
                .containsExactly(new GeneratedFile("/run/sbx-agent/mcp.json", "{}"));
        assertRefused(valid().withGeneratedFile("/workspace/.mcp.json", "{}"), "--put").hasMessageContaining("lies in /workspace");
        assertRefused(valid().withGeneratedFile("/run/../etc/passwd", "x"), "--put").hasMessageContaining("not a normalized absolute path");
        assertRefused(valid().withPut(source, "/run/sbx/a.json").withGeneratedFile("/run/sbx/a.json", "{}"), "--put")
                .hasMessageContaining("given twice");
    }

    // --- the workspace --------------------------------------------------------------------------

    @Test
    void shouldRefuseWorkspaceWhenItIsNotAFolder() throws IOException {
        Path plain = file("plain.txt", "x");

        assertRefused(valid().withWorkspace(plain), "--workspace")
                .hasMessageContaining(plain + " is not a folder")
                .hasMessageContaining("Point it at the project folder");
    }

    @Test
    void shouldRefuseWorkspaceWhenItDoesNotExist() {
        assertRefused(valid().withWorkspace(tmp.resolve("missing")), "--workspace")
                .hasMessageContaining("is not a folder");
    }

    @Test
    void shouldRefuseTheRootOfTheHostAsWorkspace() {
        assertRefused(valid().withWorkspace(Path.of("/")), "--workspace")
                .hasMessageContaining("is the root of the host file system")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseRootsHomeFolderAsWorkspace() {
        assertRefused(valid().withWorkspace(Path.of("/root")), "--workspace")
                .hasMessageContaining("/root is the home folder /root")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseTheHomeFolderNamedByHomeAsWorkspace() throws IOException {
        Path realHome = home.toRealPath();

        assertRefused(valid().withWorkspace(home), "--workspace")
                .hasMessageContaining(realHome + " is the home folder " + realHome + ".")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseAFolderHoldingAHomeFolderAsWorkspace() throws IOException {
        assertRefused(valid().withWorkspace(home.getParent()), "--workspace")
                .hasMessageContaining("is the home folder " + home.toRealPath() + " or holds it")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldOnlyKnowTheHomeFolderWhenTheEnvironmentNamesIt() {
        RunSpec spec = valid().withWorkspace(home).withMountGuard(MountGuard.forHost(Map.of())).build();

        assertThat(spec.workspace()).endsWith(Path.of("users/alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".ssh", ".aws", ".docker", ".kube", ".config/gcloud"})
    void shouldRefuseAWorkspaceInsideACredentialFolder(String credential) throws IOException {
        Path inside = Files.createDirectories(home.resolve(credential).resolve("keys"));

        assertRefused(valid().withWorkspace(inside), "--workspace")
                .hasMessageContaining("lies in the credential location " + home.toRealPath().resolve(credential))
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseAPutSourceInsideTheSshFolder() throws IOException {
        Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----");

        assertRefused(valid().withPut(key, "/home/agent/key"), "--put")
                .hasMessageContaining("lies in the credential location " + home.toRealPath().resolve(".ssh"))
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseAPutSourceThatLinksIntoACredentialFolderByItsRealPath() throws IOException {
        Path key = Files.createDirectories(home.resolve(".aws")).resolve("credentials");
        Files.writeString(key, "[default]");
        Path link = Files.createSymbolicLink(tmp.resolve("innocent.txt"), key);

        assertRefused(valid().withPut(link, "/home/agent/innocent.txt"), "--put")
                .hasMessageContaining(key.toRealPath() + " lies in the credential location");
    }

    @Test
    void shouldRefuseTheDockerSocketAsAPutSource() {
        assertRefused(valid().withPut(Path.of("/var/run/docker.sock"), "/run/sbx/docker.sock"), "--put")
                .hasMessageContaining("/var/run/docker.sock is not a regular file")
                .hasMessageContaining("not folders, sockets or devices");
    }

    @Test
    void shouldRefuseTheDockerSocketInTheGuardItself() {
        MountGuard guard = MountGuard.forHost(Map.of("HOME", home.toString()));

        assertRefused(() -> guard.check("--put", Path.of("/var/run/docker.sock")), "--put")
                .hasMessageContaining("lies in the host system folder")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseAUnixSocketAsAPutSource() throws IOException {
        Path socket = tmp.resolve("agent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            assertRefused(valid().withPut(socket, "/run/sbx/agent.sock"), "--put")
                    .hasMessageContaining(socket + " is not a regular file")
                    .hasMessageContaining("not folders, sockets or devices");
        }
    }

    @Test
    void shouldRefuseAUnixSocketInTheGuardAsASocket() throws IOException {
        Path socket = tmp.resolve("daemon.sock");
        MountGuard guard = MountGuard.forHost(Map.of("HOME", home.toString()));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            assertRefused(() -> guard.check("--put", socket), "--put")
                    .hasMessageContaining(socket.toRealPath() + " is a socket")
                    .hasMessageContaining("control of the host")
                    .hasMessageContaining(GUARD_FIX);
        }
    }

    @Test
    void shouldRefuseAFolderHoldingSecretsMasterKeyAsWorkspace() throws IOException {
        Path jenkinsHome = file("jenkins/secrets/master.key", "key").getParent().getParent();

        assertRefused(valid().withWorkspace(jenkinsHome), "--workspace")
                .hasMessageContaining("looks like a Jenkins home")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseAFolderHoldingSecretKeyAsWorkspace() throws IOException {
        Path jenkinsHome = file("legacy-jenkins/secret.key", "key").getParent();

        assertRefused(valid().withWorkspace(jenkinsHome), "--workspace")
                .hasMessageContaining("looks like a Jenkins home");
    }

    private MountGuard guardWithJenkinsHome(Path jenkinsHome) {
        return MountGuard.forHost(Map.of("HOME", home.toString(), "JENKINS_HOME", jenkinsHome.toString()));
    }

    @Test
    void shouldRefuseTheJenkinsHomeNamedByJenkinsHomeAsWorkspace() throws IOException {
        Path jenkinsHome = Files.createDirectories(tmp.resolve("ci/jenkins"));

        assertRefused(valid().withWorkspace(jenkinsHome).withMountGuard(guardWithJenkinsHome(jenkinsHome)), "--workspace")
                .hasMessageContaining("is the Jenkins home " + jenkinsHome.toRealPath() + ".")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseAFolderHoldingTheJenkinsHomeAsWorkspace() throws IOException {
        Path jenkinsHome = Files.createDirectories(tmp.resolve("ci/jenkins"));

        assertRefused(valid().withWorkspace(jenkinsHome.getParent()).withMountGuard(guardWithJenkinsHome(jenkinsHome)),
                "--workspace")
                .hasMessageContaining("is the Jenkins home " + jenkinsHome.toRealPath() + " or holds it");
    }

    @Test
    void shouldRefuseTheJenkinsHomesSecretsFolderAsWorkspace() throws IOException {
        Path jenkinsHome = Files.createDirectories(tmp.resolve("ci/jenkins"));
        Path secrets = Files.createDirectories(jenkinsHome.resolve("secrets"));

        assertRefused(valid().withWorkspace(secrets).withMountGuard(guardWithJenkinsHome(jenkinsHome)), "--workspace")
                .hasMessageContaining("holds the Jenkins home's secrets")
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseTheJenkinsCredentialsFileAsAPutSource() throws IOException {
        Path jenkinsHome = Files.createDirectories(tmp.resolve("ci/jenkins"));
        Path credentials = Files.writeString(jenkinsHome.resolve("credentials.xml"), "<credentials/>");

        assertRefused(valid().withPut(credentials, "/home/agent/c.xml").withMountGuard(guardWithJenkinsHome(jenkinsHome)), "--put")
                .hasMessageContaining("holds the Jenkins home's secrets");
    }

    /**
     * The guard treats {@code secret.key} as the mark of a Jenkins home, yet lets the file itself be put
     * into a sandbox (found while writing these tests: see the report).
     */
    @Test
    void shouldRefuseTheJenkinsHomesSecretKeyFileAsAPutSource() throws IOException {
        Path jenkinsHome = Files.createDirectories(tmp.resolve("ci/jenkins"));
        Path secretKey = Files.writeString(jenkinsHome.resolve("secret.key"), "0123456789abcdef");

        assertRefused(valid().withPut(secretKey, "/home/agent/key").withMountGuard(guardWithJenkinsHome(jenkinsHome)), "--put")
                .hasMessageContaining(GUARD_FIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "/proc"})
    void shouldRefuseASystemFolderAsWorkspace(String system) {
        assertRefused(valid().withWorkspace(Path.of(system)), "--workspace")
                .hasMessageContaining(system + " lies in the host system folder " + system)
                .hasMessageContaining(GUARD_FIX);
    }

    @Test
    void shouldRefuseALinkToEtcAsWorkspaceByItsRealPath() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("project"), Path.of("/etc"));

        assertRefused(valid().withWorkspace(link), "--workspace")
                .hasMessageContaining("/etc lies in the host system folder /etc")
                .hasMessageNotContaining(link.toString());
    }

    // --- outputs and work dir --------------------------------------------------------------------

    @Test
    void shouldRefuseOutputsWhenTheyAreTheWorkspace() {
        assertRefused(valid().withOutputs(workspace), "--out")
                .hasMessageContaining("is the workspace or holds it")
                .hasMessageContaining("Put the outputs in a folder of their own");
    }

    @Test
    void shouldRefuseOutputsWhenTheyHoldTheWorkspace() {
        assertRefused(valid().withOutputs(tmp), "--out")
                .hasMessageContaining("is the workspace or holds it")
                .hasMessageContaining("Put the outputs in a folder of their own");
    }

    @Test
    void shouldRefuseOutputsInsideTheWorkspacesGitFolder() throws IOException {
        Files.createDirectories(workspace.resolve(".git"));

        assertRefused(valid().withOutputs(workspace.resolve(".git/sbx-out")), "--out")
                .hasMessageContaining("lies inside the workspace's .git folder")
                .hasMessageContaining("Put the outputs elsewhere");
    }

    @Test
    void shouldRefuseOutputsWhenTheyAreAFile() throws IOException {
        Path plain = file("out.txt", "x");

        assertRefused(valid().withOutputs(plain), "--out")
                .hasMessageContaining("exists and is not a folder")
                .hasMessageContaining("Name a new or existing folder");
    }

    @Test
    void shouldRefuseAWorkDirInsideTheWorkspace() throws IOException {
        Path inside = Files.createDirectories(workspace.resolve("build/stage"));

        assertRefused(valid().withWorkRoot(inside), "--work-dir")
                .hasMessageContaining("lies inside the workspace")
                .hasMessageContaining("Staging must happen outside the workspace");
    }

    @Test
    void shouldRefuseAWorkDirThatIsNotAFolder() {
        assertRefused(valid().withWorkRoot(tmp.resolve("missing")), "--work-dir")
                .hasMessageContaining("is not a folder")
                .hasMessageContaining("Name an existing folder");
    }

    @Test
    void shouldGiveTheRelativePathWhenOutputsLieInsideTheWorkspace() {
        RunSpec spec = valid().withOutputs(workspace.resolve("build/sbx-out")).build();

        assertThat(spec.outputsInsideWorkspace()).isEqualTo(Optional.of("build/sbx-out"));
    }

    @Test
    void shouldGiveNothingWhenOutputsLieOutsideTheWorkspace() {
        RunSpec spec = valid().withOutputs(tmp.resolve("elsewhere/out")).build();

        assertThat(spec.outputsInsideWorkspace()).isEmpty();
    }

    @Test
    void shouldGiveNothingWhenOutputsOnlyShareTheWorkspacesNamePrefix() {
        RunSpec spec = valid().withOutputs(tmp.resolve("workspace-out")).build();

        assertThat(spec.outputsInsideWorkspace()).isEmpty();
    }

    // --- image, run id, command -------------------------------------------------------------------

    @Test
    void shouldRefuseAnEmptyImage() {
        assertRefused(valid().withImage(""), "--image")
                .hasMessageContaining("no sandbox image was given")
                .hasMessageContaining("--image sbx-agent/busybox:1");
    }

    @Test
    void shouldRefuseAMissingImage() {
        assertRefused(valid().withImage(null), "--image").hasMessageContaining("no sandbox image was given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Busybox", "--privileged", "busy box", "busybox;rm -rf /"})
    void shouldRefuseABadImageReference(String image) {
        assertRefused(valid().withImage(image), "--image")
                .hasMessageContaining("'" + image + "' is not an image reference")
                .hasMessageContaining("Use a Docker reference");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-run", "../run", "run id", "run/1", ""})
    void shouldRefuseABadRunId(String runId) {
        assertRefused(valid().withRunId(runId), "--run-id")
                .hasMessageContaining("'" + runId + "' is not a run id")
                .hasMessageContaining("Use 1 to 64 letters");
    }

    @Test
    void shouldRefuseARunIdLongerThan64Characters() {
        assertRefused(valid().withRunId("r".repeat(65)), "--run-id").hasMessageContaining("is not a run id");
    }

    @Test
    void shouldKeepAGivenRunId() {
        assertThat(valid().withRunId("build-42.1_a").build().runId()).isEqualTo("build-42.1_a");
    }

    @Test
    void shouldRefuseAMissingCommand() {
        assertRefused(valid().withCommand(java.util.List.of()), "COMMAND")
                .hasMessageContaining("no agent command was given")
                .hasMessageContaining("Put it after '--'");
    }

    @Test
    void shouldRefuseABlankCommand() {
        assertRefused(valid().withCommand(" ", "x"), "COMMAND").hasMessageContaining("no agent command was given");
    }

    @Test
    void shouldRefuseABlankTenant() {
        assertRefused(valid().withTenant(" "), "--tenant").hasMessageContaining("must be 1 to 256 printable characters");
    }

    // --- variables ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1BAD", "A-B", "A B", ""})
    void shouldRefuseABadEnvName(String name) {
        assertRefused(valid().withEnv(name, "1"), "--env")
                .hasMessageContaining("'" + name + "' is not a variable name")
                .hasMessageContaining("Use letters, digits and '_'");
    }

    @Test
    void shouldRefuseAnEnvValueHoldingNul() {
        assertRefused(valid().withEnv("A", "x\0y"), "--env").hasMessageContaining("A holds a NUL character");
    }

    @Test
    void shouldRefuseABadSecretName() {
        assertRefused(valid().withSecretEnv("9TOKEN", "x"), "--secret-env").hasMessageContaining("is not a variable name");
    }

    @Test
    void shouldRefuseASecretGivenTwice() {
        assertRefused(valid().withSecretEnv("TOKEN", "aaaa").withSecretEnv("TOKEN", "bbbb"), "--secret-env")
                .hasMessageContaining("TOKEN is given twice")
                .hasMessageContaining("Name each variable once");
    }

    @Test
    void shouldRefuseASecretThatIsAlsoAPlainVariable() {
        assertRefused(valid().withEnv("TOKEN", "a").withSecretEnv("TOKEN", "b"), "--secret-env")
                .hasMessageContaining("TOKEN is given twice");
    }

    @Test
    void shouldRefuseASecretWithALineBreak() {
        assertRefused(valid().withSecretEnv("TOKEN", "line1\nline2"), "--secret-env")
                .hasMessageContaining("TOKEN holds a control character")
                .hasMessageContaining("as a file with --put")
                .hasMessageNotContaining("line1");
    }

    @Test
    void shouldRefuseASecretEndingInACarriageReturnThatTheEnvFileWouldDrop() {
        assertRefused(valid().withSecretEnv("TOKEN", "tok-value-123\r"), "--secret-env")
                .hasMessageContaining("TOKEN holds a control character")
                .hasMessageNotContaining("tok-value");
    }

    @Test
    void shouldRefuseAnEmptySecret() {
        assertRefused(valid().withSecretEnv("TOKEN", ""), "--secret-env")
                .hasMessageContaining("TOKEN is empty in the environment")
                .hasMessageContaining("Set the variable before the run");
    }

    // --- put files ---------------------------------------------------------------------------------

    @Test
    void shouldRefuseARelativePutTarget() throws IOException {
        Path source = file("tool.json", "{}");

        assertRefused(valid().withPut(source, "home/agent/tool.json"), "--put")
                .hasMessageContaining("target 'home/agent/tool.json' is not a normalized absolute path")
                .hasMessageContaining("Write it as /home/agent/.config/tool.json");
    }

    @Test
    void shouldRefuseAPutTargetThatIsNotNormalized() throws IOException {
        Path source = file("tool.json", "{}");

        assertRefused(valid().withPut(source, "/home/agent/../../etc/passwd"), "--put")
                .hasMessageContaining("is not a normalized absolute path");
    }

    @Test
    void shouldRefuseAPutTargetInTheWorkspace() throws IOException {
        Path source = file("tool.json", "{}");

        assertRefused(valid().withPut(source, "/workspace/x"), "--put")
                .hasMessageContaining("target '/workspace/x' lies in /workspace")
                .hasMessageContaining("Put files outside the workspace and the system folders");
    }

    @Test
    void shouldRefuseAPutTargetInEtc() throws IOException {
        Path source = file("tool.json", "{}");

        assertRefused(valid().withPut(source, "/etc/x"), "--put")
                .hasMessageContaining("target '/etc/x' lies in /etc")
                .hasMessageContaining("e.g. under /home/agent or /run/sbx");
        assertRefused(valid().withPut(source, "/etc/codex-other/x"), "--put").hasMessageContaining("lies in /etc");
        // codex's system configuration and skills are the one folder of /etc a file may cross into
        assertThat(valid().withGeneratedFile("/etc/codex/config.toml", "model = 'm'\n").withPut(source, "/etc/codex/skills/a/SKILL.md").build()
                .generated()).hasSize(1);
    }

    @Test
    void shouldRefuseAPutTargetGivenTwice() throws IOException {
        Path first = file("a.json", "{}");
        Path second = file("b.json", "{}");

        assertRefused(valid().withPut(first, "/home/agent/x").withPut(second, "/home/agent/x"), "--put")
                .hasMessageContaining("target '/home/agent/x' is given twice")
                .hasMessageContaining("Name each target once");
    }

    @Test
    void shouldRefuseAFolderAsPutSource() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("config"));

        assertRefused(valid().withPut(folder, "/home/agent/config"), "--put")
                .hasMessageContaining(folder + " is not a regular file")
                .hasMessageContaining("Put files, not folders");
    }

    // --- read paths -------------------------------------------------------------------------------

    @Test
    void shouldRefuseAnAbsoluteReadPath() {
        assertRefused(valid().withRead("/etc/passwd"), "--read")
                .hasMessageContaining("'/etc/passwd' is absolute")
                .hasMessageContaining("Name it relative to the workspace");
    }

    @Test
    void shouldRefuseAReadPathThatClimbsOut() {
        assertRefused(valid().withRead("reports/../../secret"), "--read")
                .hasMessageContaining("escapes the workspace with '..'")
                .hasMessageContaining("Name a file inside the workspace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"./reports/result.json", "reports//result.json", "reports/", "reports/./result.json"})
    void shouldRefuseAReadPathThatIsNotNormalized(String path) {
        assertRefused(valid().withRead(path), "--read")
                .hasMessageContaining("'" + path + "' is not normalized")
                .hasMessageContaining("Write it without");
    }

    @Test
    void shouldRefuseAnEmptyReadPath() {
        assertRefused(valid().withRead(""), "--read")
                .hasMessageContaining("the path is empty")
                .hasMessageContaining("Name a file relative to the workspace");
    }

    @Test
    void shouldRefuseAReadPathWithABackslash() {
        assertRefused(valid().withRead("reports\\result.json"), "--read").hasMessageContaining("holds a NUL or backslash");
    }

    // --- user ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"0", "0:0", "1000:0", "0:1000"})
    void shouldRefuseRootAsUser(String user) {
        assertRefused(valid().withUser(user), "--user")
                .hasMessageContaining("the sandbox never runs as root")
                .hasMessageContaining("Give a non-root uid:gid");
    }

    /** Docker reads "00" as uid 0: root written with a leading zero must be refused too (see the report). */
    @ParameterizedTest
    @ValueSource(strings = {"00", "00:00", "000:1000", "1000:00"})
    void shouldRefuseRootAsUserWhenWrittenWithLeadingZeros(String user) {
        assertRefused(valid().withUser(user), "--user").hasMessageContaining("the sandbox never runs as root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1000:", ":1000", "1000:1000:1000", "-1", "root"})
    void shouldRefuseAUserThatIsNotNumeric(String user) {
        assertRefused(valid().withUser(user), "--user")
                .hasMessageContaining("'" + user + "' is not uid or uid:gid")
                .hasMessageContaining("Give numbers, e.g. 1000:1000");
    }

    @Test
    void shouldUseTheUidAsGidWhenOnlyAUidIsGiven() {
        assertThat(valid().withUser("1000").build().user()).contains("1000:1000");
    }

    @Test
    void shouldKeepAGivenUidAndGid() {
        assertThat(valid().withUser("1000:2000").build().user()).contains("1000:2000");
    }

    // --- docker arguments -----------------------------------------------------------------------------

    @Test
    void shouldRefuseADangerousDockerArgWhenBuilding() {
        assertRefused(valid().withDockerArg("--privileged"), "--docker-arg").hasMessageContaining("is refused");
    }

    @Test
    void shouldKeepAnAllowedDockerArg() {
        assertThat(valid().withDockerArg("--runtime=runsc").build().dockerArgs()).containsExactly("--runtime=runsc");
    }

    // --- limits ---------------------------------------------------------------------------------------

    @Test
    void shouldRefuseAZeroTimeout() {
        assertRefused(() -> Limits.defaults().withTimeout(Duration.ZERO), "--timeout")
                .hasMessageContaining("must lie between 1 second and 24 hours, was PT0S");
    }

    @Test
    void shouldRefuseATimeoutLongerThanADay() {
        assertRefused(() -> Limits.defaults().withTimeout(Duration.ofHours(25)), "--timeout")
                .hasMessageContaining("must lie between 1 second and 24 hours");
    }

    @Test
    void shouldRefuseZeroCpus() {
        assertRefused(() -> Limits.defaults().withCpus(0), "--cpus")
                .hasMessageContaining("must lie between 0.01 and 256, was 0.0");
    }

    @Test
    void shouldRefuseOneMegabyteOfMemory() {
        assertRefused(() -> Limits.defaults().withMemoryBytes(Limits.parseSize("--memory", "1m")), "--memory")
                .hasMessageContaining("must be at least 16m, was 1048576 bytes");
    }

    @Test
    void shouldRefuseFivePids() {
        assertRefused(() -> Limits.defaults().withPids(5), "--pids")
                .hasMessageContaining("must lie between 16 and 65536, was 5");
    }

    @Test
    void shouldRefuseATinyLogLimit() {
        assertRefused(() -> Limits.defaults().withLogBytes(10), "--max-log-bytes").hasMessageContaining("must be at least 1024");
    }

    @Test
    void shouldAcceptLimitsAtTheirBounds() {
        Limits limits = Limits.defaults().withTimeout(Duration.ofSeconds(1)).withCpus(256).withMemoryBytes(16L << 20)
                .withPids(16).withLogBytes(1024).withReadBytes(1).withTmpfsBytes(1L << 20);

        assertThat(valid().withLimits(limits).build().limits()).isEqualTo(limits);
    }

    @Test
    void shouldParseSizesWithUnits() {
        assertThat(Limits.parseSize("--memory", "512m")).isEqualTo(512L * 1024 * 1024);
        assertThat(Limits.parseSize("--memory", "4g")).isEqualTo(4L * 1024 * 1024 * 1024);
        assertThat(Limits.parseSize("--memory", "1024")).isEqualTo(1024L);
        assertThat(Limits.parseSize("--memory", "8k")).isEqualTo(8192L);
        assertThat(Limits.parseSize("--memory", " 2G ")).isEqualTo(2L << 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12x", "", "m", "-5m", "1.5g", "99999999999999999g"})
    void shouldRefuseASizeThatIsNotASize(String text) {
        assertRefused(() -> Limits.parseSize("--tmpfs-size", text), "--tmpfs-size")
                .hasMessageContaining("'" + text + "' is not a size")
                .hasMessageContaining("Write a whole number with an optional k, m or g");
    }
}
