package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the containers and volumes that runs left behind (a crash, a killed controller) once they
 * have expired, found by their labels.
 */
public final class DockerReaper {
    /** What one sweep removed. */
    public record Sweep(List<String> containers, List<String> volumes, List<String> networks) {
        public Sweep(List<String> containers, List<String> volumes) {
            this(containers, volumes, List.of());
        }
    }

    private final DockerCli docker;

    public DockerReaper(DockerCli docker) {
        this.docker = docker;
    }

    /**
     * Removes every labelled container and volume whose expiry is before {@code now}; with
     * {@code tenant} set, only that tenant's.
     */
    public Sweep sweep(Instant now, String tenant) throws IOException, InterruptedException {
        List<String> containers = expired(List.of("ps", "--all", "--filter", "label=" + SandboxLabels.MANAGED + "=true",
                "--format", "{{.Names}}|{{.Label \"" + SandboxLabels.EXPIRES + "\"}}|{{.Label \"" + SandboxLabels.TENANT + "\"}}"),
                now, tenant);
        for (String name : containers) {
            docker.tryCall(List.of("rm", "--force", "--volumes", name));
        }
        List<String> volumes = expired(List.of("volume", "ls", "--filter", "label=" + SandboxLabels.MANAGED + "=true",
                "--format", "{{.Name}}|{{.Label \"" + SandboxLabels.EXPIRES + "\"}}|{{.Label \"" + SandboxLabels.TENANT + "\"}}"),
                now, tenant);
        for (String name : volumes) {
            docker.tryCall(List.of("volume", "rm", "--force", name));
        }
        List<String> networks = expired(List.of("network", "ls", "--filter", "label=" + SandboxLabels.MANAGED + "=true",
                "--format", "{{.Name}}|{{.Label \"" + SandboxLabels.EXPIRES + "\"}}|{{.Label \"" + SandboxLabels.TENANT + "\"}}"),
                now, tenant);
        for (String name : networks) {
            docker.tryCall(List.of("network", "rm", name));
        }
        removeStaleFirewallRules();
        return new Sweep(containers, volumes, networks);
    }

    /** Drops the allow-list firewall rules whose bridge is gone (a run that crashed before it could remove its rule). */
    private void removeStaleFirewallRules() throws IOException, InterruptedException {
        var rules = docker.runner().run(io.jenkins.plugins.sbxagent.engine.process.Command.of(java.time.Duration.ofSeconds(30), "iptables", "-S", "INPUT"));
        if (!rules.succeeded()) {
            return; // no iptables or no right to read it: no allow-list runs happened here either
        }
        for (String line : rules.stdout().split("\n")) {
            java.util.regex.Matcher rule = java.util.regex.Pattern.compile("-A INPUT -i (sbx[0-9a-f]{12}) -j DROP").matcher(line.trim());
            if (rule.matches() && !java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", rule.group(1)))) {
                EgressProxy.removeRules(docker, rule.group(1));
            }
        }
    }

    /**
     * Removes the containers and volumes of one run, whatever their expiry: for a host that aborts a
     * run from another process than the one running it (a Jenkins abort reaching the agent node).
     */
    public Sweep removeRun(String runId) throws IOException, InterruptedException {
        List<String> containers = lines(List.of("ps", "--all", "--filter", "label=" + SandboxLabels.RUN_ID + "=" + runId, "--format", "{{.Names}}"));
        for (String name : containers) {
            docker.tryCall(List.of("rm", "--force", "--volumes", name));
        }
        List<String> volumes = lines(List.of("volume", "ls", "--filter", "label=" + SandboxLabels.RUN_ID + "=" + runId, "--format", "{{.Name}}"));
        for (String name : volumes) {
            docker.tryCall(List.of("volume", "rm", "--force", name));
        }
        List<String> networks = lines(List.of("network", "ls", "--filter", "label=" + SandboxLabels.RUN_ID + "=" + runId, "--format", "{{.Name}}"));
        for (String name : networks) {
            docker.tryCall(List.of("network", "rm", name));
        }
        removeStaleFirewallRules();
        return new Sweep(containers, volumes, networks);
    }

    private List<String> lines(List<String> listing) throws IOException, InterruptedException {
        String out = docker.call(listing);
        return out.isBlank() ? List.of() : List.of(out.split("\n"));
    }

    private List<String> expired(List<String> listing, Instant now, String tenant) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : docker.call(listing).split("\n")) {
            String[] parts = line.split("\\|", 3);
            if (parts.length < 3 || parts[0].isBlank()) {
                continue;
            }
            long expires;
            try {
                expires = Long.parseLong(parts[1].strip());
            } catch (NumberFormatException e) {
                expires = 0; // a managed resource without a readable expiry is a leftover
            }
            if (expires < now.getEpochSecond() && (tenant == null || tenant.equals(parts[2]))) {
                names.add(parts[0]);
            }
        }
        return names;
    }
}
