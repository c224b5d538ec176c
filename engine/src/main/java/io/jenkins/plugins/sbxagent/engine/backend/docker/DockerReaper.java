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
    public record Sweep(List<String> containers, List<String> volumes) {
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
        return new Sweep(containers, volumes);
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
        return new Sweep(containers, volumes);
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
