package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxInputs;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLaunch;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SecretEnv;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import io.jenkins.plugins.sbxagent.engine.stage.CopyStaging;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code docker-sbx} backend: each run in a Docker Sandboxes microVM, and what it needs on its node.
 *
 * @param cli   the sbx client
 * @param kvm   the KVM device, {@code /dev/kvm}
 * @param login a Docker account to sign in with when the client is not signed in, or null
 */
public record SbxBackend(SbxCli cli, Path kvm, SbxPreflight.DockerLogin login) implements SandboxBackend {
    public static final Path KVM = Path.of("/dev/kvm");

    /**
     * Checks the node, stages a private copy of the workspace (the agent's own configuration paths left out: a
     * VM takes no covers), creates the microVM on it, closes or opens its network, hands secrets to sbx's proxy
     * where it can hold them, and copies put and generated files in.
     */
    @Override
    public Sandbox create(SandboxLaunch launch) throws IOException, InterruptedException {
        RunSpec spec = launch.spec();
        Map<String, Object> audit = launch.audit();
        audit.put("sbxVersion", new SbxPreflight(cli, kvm).check(login));

        launch.phase("stage");
        Set<String> excluded = new LinkedHashSet<>(spec.hiddenPaths());
        spec.outputsInsideWorkspace().ifPresent(excluded::add);
        StagedWorkspace staged = CopyStaging.prepare(spec.workspace(), launch.privateDir(), excluded, null, runner());
        launch.workspaceStaged(staged);
        audit.put("staging", staged.kind());
        audit.put("hidden", List.copyOf(spec.hiddenPaths()));
        Path copy = staged.source().folder();
        boolean cloneMode = spec.workspaceMode() == WorkspaceMode.CLONE;
        SbxClone clone = cloneMode ? SbxClone.prepare(copy, launch.privateDir().resolve("repository"), runner()) : null;
        Path shared = cloneMode ? clone.repository() : copy;

        launch.phase("start");
        launch.checkNotAborted();
        // the run's unique name (tenant hash, run id, random part), under the prefix gc knows
        SbxSandbox box = new SbxSandbox(cli, SbxNames.forRun(launch.labels().name().substring(SbxNames.PREFIX.length())));
        MicroVmSandbox sandbox = new MicroVmSandbox(box, cli, runner(), launch);
        launch.sandboxCreated(sandbox);
        box.create(launch.agent(), shared, cloneMode, spec.image(), spec.limits().cpus(), spec.limits().memoryBytes());
        switch (spec.network()) {
            case NONE -> box.denyAll();
            // a bare host means ports 80 and 443, as through the docker backend's proxy
            case ALLOWLIST -> box.allow(spec.allowHosts().stream()
                    .flatMap(host -> host.ports().stream().map(port -> host.host() + ":" + port)).toList());
            case OPEN -> box.allow(List.of("**"));
        }
        audit.put("allowHosts", spec.allowHosts().stream().map(Object::toString).toList());
        Map<String, String> plain = new LinkedHashMap<>(spec.environment());
        List<String> proxied = new ArrayList<>();
        for (SecretEnv secret : spec.secrets()) {
            var service = SbxSecrets.serviceOf(secret.name());
            if (service.isPresent()) {
                box.secret(service.get(), secret.value());
                proxied.add(secret.name());
            } else {
                plain.put(secret.name(), secret.value());
            }
        }
        // the audit says which secrets the VM never held, and which it did
        audit.put("secretsProxied", proxied);
        audit.put("secretsInEnvironment", spec.secrets().stream().map(SecretEnv::name).filter(name -> !proxied.contains(name)).toList());
        for (Map.Entry<Path, String> file : SandboxInputs.privateFiles(spec, launch.privateDir(), audit).entrySet()) {
            box.put(file.getKey(), file.getValue());
        }
        sandbox.workOn(clone, shared.toString(), SandboxInputs.variablesFile(launch.privateDir(), plain));
        launch.message("sandbox " + box.name() + " created (docker-sbx, network " + spec.network().id() + ")");
        return sandbox;
    }

    @Override
    public CommandRunner runner() {
        return new ProcessCommandRunner();
    }

    /** sbx keeps no expiry labels: a sandbox of sbx-agent's older than {@link SbxReaper#STALE_AFTER} is a leftover. */
    @Override
    public List<String> sweep(Instant now) throws IOException, InterruptedException {
        return new SbxReaper(cli).removeCreatedBefore(now.minus(SbxReaper.STALE_AFTER));
    }
}
