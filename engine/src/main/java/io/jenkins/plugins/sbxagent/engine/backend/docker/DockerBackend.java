package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxInputs;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLaunch;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import io.jenkins.plugins.sbxagent.engine.stage.Staging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code docker} backend: each run in a hardened container of the node's Docker engine. */
public final class DockerBackend implements SandboxBackend {
    private final DockerCli docker;

    public DockerBackend(DockerCli docker) {
        this.docker = docker;
    }

    /** Stages the workspace, starts the egress proxy when the run has an allow-list, and creates the container (pulling a missing image). */
    @Override
    public Sandbox create(SandboxLaunch launch) throws IOException, InterruptedException {
        RunSpec spec = launch.spec();
        Map<String, Object> audit = launch.audit();
        String user = spec.user().orElseGet(() -> Staging.sandboxUser(spec.workspace()));
        audit.put("user", user);

        launch.phase("stage");
        ContainerSandbox sandbox = new ContainerSandbox(new DockerSandbox(docker, launch.labels()), launch);
        launch.sandboxCreated(sandbox);
        // for the audit, asked while the workspace is staged (which also readies process starting for the create)
        sandbox.askServerVersion(docker);
        StagedWorkspace staged = Staging.prepare(spec, launch.privateDir(), user, runner(), launch::message);
        launch.workspaceStaged(staged);
        audit.put("staging", staged.kind());
        if (!staged.detail().isEmpty()) {
            audit.put("stagingDetail", staged.detail());
        }
        launch.message("workspace staged (" + staged.kind() + (staged.detail().isEmpty() ? "" : ", " + staged.detail()) + ")");
        List<Mount> mounts = mounts(spec, staged, launch.privateDir(), audit);
        SandboxLaunch.AgentState state = launch.agentState();
        Map<String, String> launchVariables = new LinkedHashMap<>();
        if (state != null) {
            AgentStateOwner.give(state.folder(), user);
            mounts.add(Mount.bind(state.folder().toString(), state.target(), false));
            launchVariables.put(state.variable(), state.target());
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        // a key a gateway holds never enters the sandbox: the proxy gets it, the sandbox a placeholder
        spec.sandboxSecrets().forEach(secret -> secrets.put(secret.name(), secret.value()));
        Path envFile = SandboxInputs.variablesFile(launch.privateDir(), secrets);
        try {
            SandboxNetwork network = spec.network() == NetworkMode.NONE ? SandboxNetwork.none() : SandboxNetwork.open();
            if (spec.network() == NetworkMode.ALLOWLIST) {
                EgressProxy proxy = EgressProxy.start(docker, launch.labels(), spec, launch.privateDir());
                sandbox.egress(proxy);
                network = proxy.sandboxNetwork();
                audit.put("allowHosts", spec.allowHosts().stream().map(Object::toString).toList());
                audit.put("keyGateways", spec.keyGateways().stream().map(KeyGateway::description).toList());
                launch.message("egress proxy up: only " + spec.allowHosts() + " are reachable" + (spec.keyGateways().isEmpty() ? ""
                        : "; the key gateway holds " + spec.keyGateways().stream().map(KeyGateway::variable).toList()));
            }

            launch.phase("start");
            launch.checkNotAborted();
            create(sandbox, DockerCreateArguments.of(spec, launch.labels(), user, mounts, envFile, network, launchVariables), launch);
        } finally {
            if (envFile != null) {
                Files.deleteIfExists(envFile);
            }
        }
        launch.message("sandbox " + launch.labels().name() + " created (network " + spec.network().id() + ")");
        // for the audit, asked while the agent runs: the id of the image the container has
        sandbox.askImageId(docker);
        return sandbox;
    }

    @Override
    public CommandRunner runner() {
        return docker.runner();
    }

    @Override
    public List<String> sweep(Instant now) throws IOException, InterruptedException {
        return new DockerReaper(docker).sweepNode(now).names();
    }

    /**
     * Creates the container; the success path makes one docker call. A failed create is explained: no engine at all
     * (the version call says so), or an image this engine does not have yet, which is pulled, and the create tried again.
     */
    private void create(ContainerSandbox sandbox, List<String> arguments, SandboxLaunch launch) throws IOException, InterruptedException {
        try {
            sandbox.container().create(arguments);
        } catch (SandboxException failed) {
            docker.serverVersion();
            String image = launch.spec().image();
            if (docker.imageId(image).isPresent()) {
                throw failed;
            }
            pull(image, launch);
            sandbox.container().create(arguments);
        }
    }

    private void pull(String image, SandboxLaunch launch) throws IOException, InterruptedException {
        launch.message("pulling " + image);
        docker.pull(image);
    }

    private static List<Mount> mounts(RunSpec spec, StagedWorkspace staged, Path privateDir, Map<String, Object> audit) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(staged.source().isOverlay() ? Mount.overlay(staged.source().overlayOptions(), RunSpec.SANDBOX_WORKSPACE)
                : Mount.bind(staged.source().folder().toString(), RunSpec.SANDBOX_WORKSPACE, false));
        var outputsInside = spec.outputsInsideWorkspace();
        if (outputsInside.isPresent()) {
            // the outputs folder lies in the workspace: hide it behind an empty read-only folder
            Path empty = Files.createDirectory(privateDir.resolve("empty"));
            Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
            mounts.add(Mount.bind(empty.toString(), RunSpec.SANDBOX_WORKSPACE + "/" + outputsInside.get(), true));
        }
        mounts.addAll(hiddenPaths(spec, privateDir, audit));
        SandboxInputs.privateFiles(spec, privateDir, audit).forEach((file, target) -> mounts.add(Mount.bind(file.toString(), target, true)));
        return mounts;
    }

    /**
     * Covers each hidden workspace path that exists with an empty read-only folder or file: the agent
     * neither reads nor changes what lies there. A path that does not exist needs no cover (a mount
     * point would create it); the agent creating it is a change like any other, rated by the risk rules.
     */
    private static List<Mount> hiddenPaths(RunSpec spec, Path privateDir, Map<String, Object> audit) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        Path folder = privateDir.resolve("hidden-folder");
        Path file = privateDir.resolve("hidden-file");
        for (String hidden : spec.hiddenPaths()) {
            Path inWorkspace = spec.workspace().resolve(hidden);
            Path cover;
            if (Files.isDirectory(inWorkspace)) {
                if (Files.notExists(folder)) {
                    Files.createDirectory(folder);
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
                }
                cover = folder;
            } else if (Files.exists(inWorkspace)) {
                if (Files.notExists(file)) {
                    Files.createFile(file);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
                }
                cover = file;
            } else {
                continue;
            }
            mounts.add(Mount.bind(cover.toString(), RunSpec.SANDBOX_WORKSPACE + "/" + hidden, true));
            covered.add(hidden);
        }
        audit.put("hidden", covered);
        return mounts;
    }
}
