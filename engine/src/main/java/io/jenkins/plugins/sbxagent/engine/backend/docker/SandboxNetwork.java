package io.jenkins.plugins.sbxagent.engine.backend.docker;

import java.util.List;
import java.util.Map;

/**
 * How the sandbox container is networked.
 *
 * @param dockerNetwork the network it joins ({@code none}, {@code bridge}, or a run's own)
 * @param dns           DNS servers for it (none given: Docker's)
 * @param environment   variables that route it (the proxy's address)
 */
public record SandboxNetwork(String dockerNetwork, List<String> dns, Map<String, String> environment) {
    public SandboxNetwork {
        dns = List.copyOf(dns);
        environment = Map.copyOf(environment);
    }

    public static SandboxNetwork none() {
        return new SandboxNetwork("none", List.of(), Map.of());
    }

    public static SandboxNetwork open() {
        return new SandboxNetwork("bridge", List.of(), Map.of());
    }
}
