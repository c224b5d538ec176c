package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code docker create} argument vector of a sandbox: hardened by default, with every mount and
 * variable named explicitly. A pure function of its inputs, so each option has a golden test.
 */
public final class DockerCreateArguments {
    private DockerCreateArguments() {
    }

    /**
     * @param spec    the run
     * @param labels  the sandbox's name and labels
     * @param user    {@code uid:gid} the agent runs as
     * @param mounts  the workspace mount first, then the others
     * @param envFile the private file holding the secret variables, or {@code null} when there are none
     */
    public static List<String> of(RunSpec spec, SandboxLabels labels, String user, List<Mount> mounts, Path envFile) {
        if (spec.network() == NetworkMode.ALLOWLIST) {
            throw new IllegalArgumentException("an allow-list run joins its proxy's network: pass its SandboxNetwork");
        }
        return of(spec, labels, user, mounts, envFile, spec.network() == NetworkMode.NONE ? SandboxNetwork.none() : SandboxNetwork.open());
    }

    /**
     * @param network how the sandbox is networked: none, Docker's bridge, or an allow-list proxy's network
     */
    public static List<String> of(RunSpec spec, SandboxLabels labels, String user, List<Mount> mounts, Path envFile, SandboxNetwork network) {
        return of(spec, labels, user, mounts, envFile, network, Map.of());
    }

    /**
     * @param launchVariables variables of sbx-agent's own for this launch (where the agent's state folder is mounted)
     */
    public static List<String> of(RunSpec spec, SandboxLabels labels, String user, List<Mount> mounts, Path envFile, SandboxNetwork network,
            Map<String, String> launchVariables) {
        List<String> args = new ArrayList<>();
        args.add("create");
        // the client never pulls by itself: a pull is the engine's, said in the log
        args.add("--pull");
        args.add("never");
        args.add("--name");
        args.add(labels.name());
        args.addAll(labels.asArguments());
        args.add("--network");
        args.add(network.dockerNetwork());
        for (String dns : network.dns()) {
            args.add("--dns");
            args.add(dns);
        }
        args.add("--cap-drop");
        args.add("ALL");
        args.add("--security-opt");
        args.add("no-new-privileges");
        args.add("--user");
        args.add(user);
        // an init process reaps zombies and passes signals on, so that a kill reaches the agent
        args.add("--init");
        // the daemon keeps no copy of the output: agent.log is the one record, masked and capped
        args.add("--log-driver");
        args.add("none");
        args.add("--ipc");
        args.add("private");
        args.add("--ulimit");
        args.add("core=0");
        args.add("--ulimit");
        args.add("fsize=" + spec.limits().fileBytes());
        if (spec.readOnlyRoot()) {
            args.add("--read-only");
        }
        args.add("--tmpfs");
        args.add("/tmp:rw,nosuid,nodev,size=" + spec.limits().tmpfsBytes() + ",mode=1777");
        args.add("--cpus");
        // two decimals without a Formatter, whose locale data costs a cold start some 20 ms
        args.add(BigDecimal.valueOf(spec.limits().cpus()).setScale(2, RoundingMode.HALF_UP).toPlainString());
        args.add("--memory");
        args.add(Long.toString(spec.limits().memoryBytes()));
        args.add("--memory-swap");
        args.add(Long.toString(spec.limits().memoryBytes()));
        args.add("--pids-limit");
        args.add(Integer.toString(spec.limits().pids()));
        args.add("--workdir");
        args.add(RunSpec.SANDBOX_WORKSPACE);
        if (!spec.environment().containsKey("HOME")) {
            // the root file system is read-only: tools that write to their home get /tmp
            args.add("--env");
            args.add("HOME=/tmp");
        }
        for (Map.Entry<String, String> variable : network.environment().entrySet()) {
            args.add("--env");
            args.add(variable.getKey() + "=" + variable.getValue());
        }
        for (Map.Entry<String, String> variable : launchVariables.entrySet()) {
            args.add("--env");
            args.add(variable.getKey() + "=" + variable.getValue());
        }
        for (Map.Entry<String, String> variable : spec.environment().entrySet()) {
            args.add("--env");
            args.add(variable.getKey() + "=" + variable.getValue());
        }
        if (envFile != null) {
            // secret values are read by the client from a private file, never from this vector
            args.add("--env-file");
            args.add(envFile.toString());
        }
        for (Mount mount : mounts) {
            args.add("--mount");
            args.add(mount.argument());
        }
        args.addAll(spec.dockerArgs());
        args.add("--");
        args.add(spec.image());
        args.addAll(spec.command());
        return args;
    }
}
