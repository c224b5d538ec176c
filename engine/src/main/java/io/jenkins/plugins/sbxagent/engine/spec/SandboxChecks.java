package io.jenkins.plugins.sbxagent.engine.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the sandbox is, checked as {@link RunSpec.Builder#build()} makes a spec: options that fit the backend (and are
 * refused by name where they do not, never dropped), the network's hosts and proxy, and a user that is never root.
 */
final class SandboxChecks {
    private static final Pattern USER = Pattern.compile("[0-9]{1,9}(:[0-9]{1,9})?");

    private SandboxChecks() {
    }

    /** The network's hosts, proxy network and proxy image fit the network mode. */
    static void network(NetworkMode network, List<AllowedHost> allowHosts, String egressNetwork, String proxyImage) {
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
        if (network == NetworkMode.ALLOWLIST && (proxyImage == null || !RunSpec.IMAGE.matcher(proxyImage).matches())) {
            throw new SpecException("--proxy-image", "'" + proxyImage + "' is not an image reference.", "Use e.g. " + RunSpec.DEFAULT_PROXY_IMAGE + ".");
        }
    }

    /** What only the docker backend takes is refused for the other, by name, rather than dropped. */
    static void backend(Backend backend, WorkspaceMode workspaceMode, StagingMode staging, List<String> dockerArgs, String user,
            boolean readOnlyRoot, Map<String, String> environment) {
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

    /** The user the sandbox runs as, as {@code uid:gid}, or empty to pick the workspace's owner; never root. */
    static Optional<String> user(String user) {
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
}
