package io.jenkins.plugins.sbxagent.engine.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    private static final Pattern USER = Pattern.compile("[0-9]{1,9}(:[0-9]{1,9})?");

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
            Path realWorkspace = checkWorkspace();
            Path realOutputs = checkOutputs(realWorkspace);
            Path realWorkRoot = checkWorkRoot(realWorkspace);
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
            List<PutFile> checkedPuts = checkPuts();
            checkReads();
            List<String> checkedHidden = checkHidden(realWorkspace, realOutputs);
            if (workspaceMode == null) {
                // Docker Sandboxes' own recommendation: the repository read-only, the agent on a clone inside the VM
                workspaceMode = backend == Backend.DOCKER_SBX ? WorkspaceMode.CLONE : WorkspaceMode.COPY;
            }
            checkBackend();
            Optional<String> checkedUser = checkUser();
            List<String> extra = DockerArgPolicy.check(dockerArgs);
            checkNetwork();
            Map<String, String> secretValues = new LinkedHashMap<>();
            secrets.forEach(secret -> secretValues.put(secret.name(), secret.value()));
            KeyGateway.check(keyGateways, network, backend, secretValues, environment, allowHosts);
            return new RunSpec(realWorkspace, realOutputs, realWorkRoot, image, tenant, id, command, workspaceMode, staging,
                    network, environment, secrets, checkedPuts, generated, checkedHidden, reads, limits, checkedUser, readOnlyRoot, extra, apply, maskedValues, allowHosts,
                    egressNetwork, proxyImage, backend, keyGateways);
        }

        private void checkNetwork() {
            if (network == NetworkMode.ALLOWLIST && allowHosts.isEmpty()) {
                throw new SpecException("--allow-host", "network 'allowlist' needs at least one allowed host.",
                        "Name each host the agent must reach, e.g. --allow-host api.anthropic.com.");
            }
            if (network != NetworkMode.ALLOWLIST && !allowHosts.isEmpty()) {
                throw new SpecException("--allow-host", "allowed hosts are only used with network 'allowlist', not '" + network.id() + "'.",
                        "Add --network allowlist, or leave the hosts out.");
            }
            if (network == NetworkMode.ALLOWLIST && (egressNetwork == null || !egressNetwork.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
                    || egressNetwork.equals("host") || egressNetwork.equals("none"))) {
                throw new SpecException("--egress-network", "'" + egressNetwork + "' is not a Docker network the proxy may use.",
                        "Name a bridge network, e.g. bridge.");
            }
            if (network == NetworkMode.ALLOWLIST && (proxyImage == null || !IMAGE.matcher(proxyImage).matches())) {
                throw new SpecException("--proxy-image", "'" + proxyImage + "' is not an image reference.", "Use e.g. " + DEFAULT_PROXY_IMAGE + ".");
            }
        }

        private Path checkWorkspace() {
            if (!Files.isDirectory(workspace)) {
                throw new SpecException("--workspace", workspace + " is not a folder.", "Point it at the project folder the agent works on.");
            }
            guard.check("--workspace", workspace);
            return MountGuard.real(workspace);
        }

        private Path checkOutputs(Path realWorkspace) {
            Path target = outputs == null ? Path.of("sbx-agent-out") : outputs;
            Path absolute = target.toAbsolutePath().normalize();
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
                throw new SpecException("--out", absolute + " exists and is not a folder (or is a symbolic link).",
                        "Name a new or existing folder.");
            }
            Path parent = MountGuard.real(absolute.getParent());
            Path real = parent.resolve(absolute.getFileName());
            if (realWorkspace.startsWith(real)) {
                throw new SpecException("--out", real + " is the workspace or holds it.", "Put the outputs in a folder of their own.");
            }
            if (real.startsWith(realWorkspace.resolve(".git"))) {
                throw new SpecException("--out", real + " lies inside the workspace's .git folder.", "Put the outputs elsewhere.");
            }
            return real;
        }

        private Path checkWorkRoot(Path realWorkspace) {
            if (!Files.isDirectory(workRoot)) {
                throw new SpecException("--work-dir", workRoot + " is not a folder.", "Name an existing folder for staging.");
            }
            Path real = MountGuard.real(workRoot);
            if (real.startsWith(realWorkspace)) {
                throw new SpecException("--work-dir", real + " lies inside the workspace " + realWorkspace + ".",
                        "Staging must happen outside the workspace; name another folder.");
            }
            return real;
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

        /** The put files by the real paths the guard approved: the run copies exactly those, and only if they still are. */
        private List<PutFile> checkPuts() {
            Set<String> targets = new HashSet<>();
            List<PutFile> checked = new ArrayList<>();
            for (PutFile put : puts) {
                if (!Files.isRegularFile(put.source())) {
                    throw new SpecException("--put", put.source() + " is not a regular file.", "Put files, not folders, sockets or devices.");
                }
                guard.check("--put", put.source());
                checkTarget(put.target(), targets);
                try {
                    checked.add(new PutFile(put.source().toRealPath(), put.target()));
                } catch (IOException e) {
                    throw new SpecException("--put", put.source() + " cannot be read: " + e.getMessage(), "Name a readable file.");
                }
            }
            for (GeneratedFile file : generated) {
                checkTarget(file.target(), targets);
            }
            return checked;
        }

        /**
         * A covered path must be the path itself: over a symbolic link the cover would land wherever the link
         * points inside the sandbox, and what the agent reads through the link would stay uncovered.
         */
        private List<String> checkHidden(Path realWorkspace, Path realOutputs) {
            // an agent's own paths and the user's may coincide: each is covered once
            Set<String> checked = new LinkedHashSet<>();
            for (String path : hidden) {
                WorkspacePaths.checkRelative("--hide", path);
                Path current = realWorkspace;
                for (Path part : Path.of(path)) {
                    current = current.resolve(part);
                    if (Files.isSymbolicLink(current)) {
                        throw new SpecException("--hide", "'" + path + "' in the workspace is or lies under a symbolic link, which cannot be"
                                + " covered (the agent would read through it).", "Replace the link with what it points to; an agent's own"
                                + " configuration (e.g. .gemini, .opencode) must be a plain folder or file to be kept from the agent.");
                    }
                }
                Path covered = realWorkspace.resolve(path).normalize();
                if (realOutputs.startsWith(covered) || covered.startsWith(realOutputs)) {
                    throw new SpecException("--hide", "'" + path + "' overlaps the outputs folder " + realOutputs + ", which is hidden already.",
                            "Put the outputs outside the workspace, or leave the path out.");
                }
                checked.add(Path.of(path).normalize().toString());
            }
            return List.copyOf(checked);
        }

        /** What only the docker backend takes is refused for the other, by name, rather than dropped. */
        private void checkBackend() {
            if (backend != Backend.DOCKER_SBX) {
                if (workspaceMode == WorkspaceMode.CLONE) {
                    throw new SpecException("--workspace-mode", "clone is Docker Sandboxes' way to share a repository.",
                            "Add --backend docker-sbx, or use copy.");
                }
                return;
            }
            String fix = "Leave it out, or use --backend docker.";
            if (workspaceMode == WorkspaceMode.MOUNT) {
                throw new SpecException("--workspace-mode", "docker-sbx works on a private copy (copy) or a clone of it (clone).",
                        "Use --workspace-mode copy or clone, or --backend docker.");
            }
            if (staging == StagingMode.OVERLAY) {
                throw new SpecException("--staging", "an overlay is a Docker volume; docker-sbx works on a private copy.", fix);
            }
            if (!dockerArgs.isEmpty()) {
                throw new SpecException("--docker-arg", "docker create arguments are for the docker backend.", fix);
            }
            if (user != null) {
                throw new SpecException("--user", "a Docker Sandboxes agent runs as the VM's own user.", fix);
            }
            if (!readOnlyRoot) {
                throw new SpecException("--writable-root", "the VM's root belongs to the VM.", fix);
            }
            // variables reach sbx exec in an environment file, one per line
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                if (variable.getValue().indexOf('\n') >= 0 || variable.getValue().indexOf('\r') >= 0) {
                    throw new SpecException("--env", variable.getKey() + " holds a line break, which docker-sbx cannot pass.",
                            "Pass a single-line value, or a file with --put.");
                }
            }
        }

        private void checkReads() {
            for (String read : reads) {
                WorkspacePaths.checkRelative("--read", read);
            }
        }

        private Optional<String> checkUser() {
            if (user == null) {
                return Optional.empty();
            }
            if (!USER.matcher(user).matches()) {
                throw new SpecException("--user", "'" + user + "' is not uid or uid:gid.", "Give numbers, e.g. 1000:1000.");
            }
            String[] ids = user.split(":");
            if (java.util.Arrays.stream(ids).anyMatch(id -> Long.parseLong(id) == 0)) {
                throw new SpecException("--user", "the sandbox never runs as root (uid or gid 0).", "Give a non-root uid:gid, e.g. 1000:1000.");
            }
            long uid = Long.parseLong(ids[0]);
            long gid = Long.parseLong(ids.length > 1 ? ids[1] : ids[0]);
            return Optional.of(uid + ":" + gid);
        }

        private static String randomRunId() {
            byte[] bytes = new byte[6];
            new SecureRandom().nextBytes(bytes);
            return "run-" + HexFormat.of().formatHex(bytes);
        }
    }
}
