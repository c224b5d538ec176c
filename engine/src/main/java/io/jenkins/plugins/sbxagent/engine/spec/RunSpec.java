package io.jenkins.plugins.sbxagent.engine.spec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One sandboxed agent run, fully described and checked: an immutable value made by {@link #builder()}.
 *
 * @param workspace     the host workspace (real path)
 * @param outputs       where the outputs go (real path); the agent can never write there
 * @param workRoot      where staging keeps its private folders (real path)
 * @param image         the sandbox image
 * @param tenant        who the run belongs to, from trusted context
 * @param runId         unique within the tenant
 * @param command       the agent's command, as an argument vector
 * @param workspaceMode copy (the default with docker), mount, or clone (the default with docker-sbx)
 * @param staging       how a copy is made
 * @param network       none (default) or open
 * @param environment   plain, non-secret variables
 * @param secrets       secret variables (values never logged)
 * @param puts          host files made visible read-only in the sandbox
 * @param generated     files sbx-agent writes for the run (an agent's configuration), visible read-only in the sandbox
 * @param hiddenPaths   workspace paths the agent must not see (an agent's own configuration files): covered read-only and empty
 * @param reads         workspace paths copied back into the outputs after the run
 * @param limits        resource limits
 * @param user          {@code uid:gid} the agent runs as, or empty to pick the workspace's owner
 * @param readOnlyRoot  whether the image's root file system is read-only (default yes)
 * @param dockerArgs    allow-listed extra {@code docker create} arguments
 * @param apply         copy the agent's changes back into the workspace when the gate passes
 * @param maskedValues  further secret values to mask, such as the content of secret files put into the sandbox
 * @param allowHosts    with network allowlist: the hosts the sandbox may reach
 * @param egressNetwork with network allowlist: the Docker network the proxy reaches the outside through
 * @param proxyImage    with network allowlist: the egress proxy's image
 * @param backend       where the agent runs
 * @param keyGateways   with network allowlist: the secrets held outside the sandbox, each by a gateway that adds it to the
 *                      provider's requests
 */
public record RunSpec(Path workspace, Path outputs, Path workRoot, String image, String tenant, String runId,
        List<String> command, WorkspaceMode workspaceMode, StagingMode staging, NetworkMode network,
        Map<String, String> environment, List<SecretEnv> secrets, List<PutFile> puts, List<GeneratedFile> generated, List<String> hiddenPaths, List<String> reads,
        Limits limits, Optional<String> user, boolean readOnlyRoot, List<String> dockerArgs, boolean apply, List<String> maskedValues,
        List<AllowedHost> allowHosts, String egressNetwork, String proxyImage, Backend backend, List<KeyGateway> keyGateways) {
    /** The egress proxy image the project builds offline (scripts/docker/build-images.sh). */
    public static final String DEFAULT_PROXY_IMAGE = "sbx-agent/egress-proxy:2";

    /** Where the workspace appears inside the sandbox. */
    public static final String SANDBOX_WORKSPACE = "/workspace";
    /** Codex's system configuration and skills (its config.toml, skills/), which a target may name though it lies in /etc. */
    private static final String CODEX_SYSTEM_FOLDER = "/etc/codex";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

    public RunSpec {
        command = List.copyOf(command);
        // kept in the order given, so that the sandbox's argument vector is reproducible
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        secrets = List.copyOf(secrets);
        puts = List.copyOf(puts);
        generated = List.copyOf(generated);
        hiddenPaths = List.copyOf(hiddenPaths);
        reads = List.copyOf(reads);
        dockerArgs = List.copyOf(dockerArgs);
        maskedValues = List.copyOf(maskedValues);
        allowHosts = List.copyOf(allowHosts);
        keyGateways = List.copyOf(keyGateways);
    }

    /** The secret variables the sandbox holds: every one no key gateway keeps outside. */
    public List<SecretEnv> sandboxSecrets() {
        return secrets.stream().filter(secret -> keyGateways.stream().noneMatch(gateway -> gateway.variable().equals(secret.name()))).toList();
    }

    /**
     * Checks an image reference, as every run does, for a host that checks before a spec exists.
     *
     * @throws SpecException naming {@code --image}
     */
    public static void checkImage(String image) {
        if (image == null || image.isBlank()) {
            throw new SpecException("--image", "no sandbox image was given.", "Name one, e.g. --image sbx-agent/busybox:1.");
        }
        if (!IMAGE.matcher(image).matches()) {
            throw new SpecException("--image", "'" + image + "' is not an image reference.",
                    "Use a Docker reference such as registry.example/team/agent:1.2.");
        }
    }

    /**
     * Checks where a file appears in the sandbox (a put or generated file, a host's secret file), against
     * the targets already taken, which it adds to.
     *
     * @throws SpecException naming {@code --put}
     */
    public static void checkTarget(String target, Set<String> targets) {
        if (target.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ',' || c == '"')) {
            throw new SpecException("--put", "target '" + target.replaceAll("\\p{Cntrl}", "?")
                    + "' holds a control character, comma or quote.", "Use a plain absolute path.");
        }
        if (!target.startsWith("/") || !Path.of(target).normalize().toString().equals(target) || target.equals("/")) {
            throw new SpecException("--put", "target '" + target + "' is not a normalized absolute path.",
                    "Write it as /home/agent/.config/tool.json.");
        }
        if (target.equals("/tmp")) {
            throw new SpecException("--put", "target '/tmp' is the sandbox's temporary folder itself.", "Name a file in it, e.g. /tmp/.npmrc.");
        }
        // files under /tmp are fine: it is the sandbox's HOME, where tools look for their configuration
        for (String forbidden : List.of(SANDBOX_WORKSPACE, "/proc", "/sys", "/dev", "/etc")) {
            // but codex's own system folder: the one place codex reads configuration and skills that is not its home
            if (Path.of(target).startsWith(forbidden) && !Path.of(target).startsWith(CODEX_SYSTEM_FOLDER)) {
                throw new SpecException("--put", "target '" + target + "' lies in " + forbidden + ".",
                        "Put files outside the workspace and the system folders, e.g. under /home/agent or /run/sbx.");
            }
        }
        if (!targets.add(target)) {
            throw new SpecException("--put", "target '" + target + "' is given twice.", "Name each target once.");
        }
    }

    /**
     * Checks a secret variable's value: one that is empty, too short to mask without masking ordinary text,
     * or holds a control character cannot be passed safely.
     *
     * @throws SpecException naming {@code --secret-env}
     */
    public static void checkSecretValue(String name, String value) {
        if (value.isEmpty()) {
            throw new SpecException("--secret-env", name + " is empty in the environment.", "Set the variable before the run, or leave the option out.");
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 4) {
            throw new SpecException("--secret-env", name + " is shorter than 4 bytes.",
                    "A value that short cannot be masked without masking ordinary text; pass it as a plain --env if it is not secret.");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SpecException("--secret-env", name + " holds a control character (a line break, carriage return, tab or NUL).",
                    "Pass multi-line secrets as a file with --put; the env-file format would change such a value.");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The secret values, for masking: the secret variables and the further masked values. */
    public List<String> secretValues() {
        List<String> values = new ArrayList<>(secrets.stream().map(SecretEnv::value).toList());
        values.addAll(maskedValues);
        return values;
    }

    /** Where the outputs folder lies inside the workspace, if it does, as a relative path. */
    public Optional<String> outputsInsideWorkspace() {
        return outputs.startsWith(workspace) ? Optional.of(workspace.relativize(outputs).toString()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "RunSpec[tenant=" + tenant + ", runId=" + runId + ", image=" + image + ", workspace=" + workspace
                + ", secrets=" + secrets.stream().map(SecretEnv::name).toList() + "]";
    }

    /** Collects the options of a run; {@link #build()} checks them all and names the first that is wrong. */
    public static final class Builder {
        private Path workspace = Path.of(".");
        private Path outputs;
        private Path workRoot = Path.of(System.getProperty("java.io.tmpdir"));
        private String image;
        private String tenant = "local";
        private String runId;
        private final List<String> command = new ArrayList<>();
        /** Null until chosen: each backend has its own default. */
        private WorkspaceMode workspaceMode;
        private StagingMode staging = StagingMode.AUTO;
        private NetworkMode network = NetworkMode.NONE;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<SecretEnv> secrets = new ArrayList<>();
        private final List<PutFile> puts = new ArrayList<>();
        private final List<GeneratedFile> generated = new ArrayList<>();
        private final List<String> hidden = new ArrayList<>();
        private final List<String> reads = new ArrayList<>();
        private Limits limits = Limits.defaults();
        private String user;
        private boolean readOnlyRoot = true;
        private final List<String> dockerArgs = new ArrayList<>();
        private boolean apply;
        private final List<String> maskedValues = new ArrayList<>();
        private final List<AllowedHost> allowHosts = new ArrayList<>();
        private String egressNetwork = "bridge";
        private String proxyImage = DEFAULT_PROXY_IMAGE;
        private Backend backend = Backend.DOCKER;
        private final List<KeyGateway> keyGateways = new ArrayList<>();
        private MountGuard guard = MountGuard.forHost(System.getenv());

        private Builder() {
        }

        public Builder withWorkspace(Path value) {
            workspace = value;
            return this;
        }

        public Builder withOutputs(Path value) {
            outputs = value;
            return this;
        }

        public Builder withWorkRoot(Path value) {
            workRoot = value;
            return this;
        }

        public Builder withImage(String value) {
            image = value;
            return this;
        }

        public Builder withTenant(String value) {
            tenant = value;
            return this;
        }

        public Builder withRunId(String value) {
            runId = value;
            return this;
        }

        public Builder withCommand(List<String> value) {
            command.clear();
            command.addAll(value);
            return this;
        }

        public Builder withCommand(String... value) {
            return withCommand(List.of(value));
        }

        public Builder withWorkspaceMode(WorkspaceMode value) {
            workspaceMode = value;
            return this;
        }

        public Builder withStaging(StagingMode value) {
            staging = value;
            return this;
        }

        public Builder withNetwork(NetworkMode value) {
            network = value;
            return this;
        }

        public Builder withEnv(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder withSecretEnv(String name, String value) {
            secrets.add(new SecretEnv(name, value));
            return this;
        }

        public Builder withPut(Path source, String target) {
            puts.add(new PutFile(source, target));
            return this;
        }

        /** A file sbx-agent writes for the run, e.g. an agent's configuration; checked like a put file's target. */
        public Builder withGeneratedFile(String target, String content) {
            generated.add(new GeneratedFile(target, content));
            return this;
        }

        /** Covers a workspace path with an empty read-only folder or file, so that the agent neither reads nor changes it. */
        public Builder withHiddenPath(String path) {
            hidden.add(path);
            return this;
        }

        public Builder withRead(String path) {
            reads.add(path);
            return this;
        }

        public Builder withLimits(Limits value) {
            limits = value;
            return this;
        }

        public Builder withUser(String value) {
            user = value;
            return this;
        }

        public Builder withReadOnlyRoot(boolean value) {
            readOnlyRoot = value;
            return this;
        }

        public Builder withDockerArg(String value) {
            dockerArgs.add(value);
            return this;
        }

        public Builder withApply(boolean value) {
            apply = value;
            return this;
        }

        /**
         * Masks this value in every output as a secret, in every encoding. For secrets that reach the
         * sandbox other than as variables (the content of a put file); values shorter than 4 bytes
         * are not masked, since they would mask ordinary text.
         */
        public Builder withMaskedValue(String value) {
            if (value != null && value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 4) {
                maskedValues.add(value);
            }
            return this;
        }

        /** A host the sandbox may reach with {@code --network allowlist}: {@code HOST} (ports 80 and 443) or {@code HOST:PORT}. */
        public Builder withAllowHost(String host) {
            allowHosts.add(AllowedHost.parse(host));
            return this;
        }

        /** The Docker network the egress proxy reaches the outside through (default: Docker's bridge). */
        public Builder withEgressNetwork(String value) {
            egressNetwork = value;
            return this;
        }

        public Builder withBackend(Backend value) {
            backend = value;
            return this;
        }

        public Builder withProxyImage(String value) {
            proxyImage = value;
            return this;
        }

        /** Holds a bound secret outside the sandbox, behind a gateway that adds it to the provider's requests. */
        public Builder withKeyGateway(KeyGateway value) {
            keyGateways.add(value);
            return this;
        }

        /** Replaces the host guard, for hosts whose home folders are elsewhere. */
        public Builder withMountGuard(MountGuard value) {
            guard = value;
            return this;
        }

        /**
         * Checks every option and makes the spec.
         *
         * @throws SpecException naming the first option that is wrong and how to fix it
         */
        public RunSpec build() {
            Path realWorkspace = HostPaths.workspace(workspace, guard);
            Path realOutputs = HostPaths.outputs(outputs, realWorkspace);
            Path realWorkRoot = HostPaths.workRoot(workRoot, realWorkspace);
            checkImage();
            checkTenant();
            String id = runId == null ? randomRunId() : runId;
            if (!RUN_ID.matcher(id).matches()) {
                throw new SpecException("--run-id", "'" + id + "' is not a run id.",
                        "Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new SpecException("COMMAND", "no agent command was given.", "Put it after '--', e.g. -- sh -c 'make test'.");
            }
            checkVariables();
            List<PutFile> checkedPuts = HostPaths.puts(puts, generated, guard);
            HostPaths.reads(reads);
            List<String> checkedHidden = HostPaths.hidden(hidden, realWorkspace, realOutputs);
            if (workspaceMode == null) {
                // Docker Sandboxes' own recommendation: the repository read-only, the agent on a clone inside the VM
                workspaceMode = backend == Backend.DOCKER_SBX ? WorkspaceMode.CLONE : WorkspaceMode.COPY;
            }
            SandboxChecks.backend(backend, workspaceMode, staging, dockerArgs, user, readOnlyRoot, environment);
            Optional<String> checkedUser = SandboxChecks.user(user);
            List<String> extra = DockerArgPolicy.check(dockerArgs);
            SandboxChecks.network(network, allowHosts, egressNetwork, proxyImage);
            Map<String, String> secretValues = new LinkedHashMap<>();
            secrets.forEach(secret -> secretValues.put(secret.name(), secret.value()));
            KeyGateway.check(keyGateways, network, backend, secretValues, environment, allowHosts);
            return new RunSpec(realWorkspace, realOutputs, realWorkRoot, image, tenant, id, command, workspaceMode, staging,
                    network, environment, secrets, checkedPuts, generated, checkedHidden, reads, limits, checkedUser, readOnlyRoot, extra, apply, maskedValues, allowHosts,
                    egressNetwork, proxyImage, backend, keyGateways);
        }

        private void checkImage() {
            RunSpec.checkImage(image);
        }

        private void checkTenant() {
            if (tenant == null || tenant.isBlank() || tenant.length() > 256 || tenant.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new SpecException("--tenant", "must be 1 to 256 printable characters.",
                        "Derive it from the trusted caller, e.g. the job's full name.");
            }
        }

        private void checkVariables() {
            Set<String> names = new HashSet<>();
            for (String name : environment.keySet()) {
                checkName("--env", name);
                if (environment.get(name).indexOf('\0') >= 0) {
                    throw new SpecException("--env", name + " holds a NUL character.", "Pass a value without one.");
                }
                names.add(name);
            }
            for (SecretEnv secret : secrets) {
                checkName("--secret-env", secret.name());
                if (!names.add(secret.name())) {
                    throw new SpecException("--secret-env", secret.name() + " is given twice.", "Name each variable once.");
                }
                checkSecretValue(secret.name(), secret.value());
            }
        }

        private static void checkName(String field, String name) {
            if (!NAME.matcher(name).matches()) {
                throw new SpecException(field, "'" + name + "' is not a variable name.", "Use letters, digits and '_', not starting with a digit.");
            }
        }

        private static String randomRunId() {
            byte[] bytes = new byte[6];
            new SecureRandom().nextBytes(bytes);
            return "run-" + HexFormat.of().formatHex(bytes);
        }
    }
}
