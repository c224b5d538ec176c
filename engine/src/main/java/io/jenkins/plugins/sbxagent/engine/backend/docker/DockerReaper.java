package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Removes the containers, volumes, networks and firewall rules that runs left behind (a crash, a
 * killed controller) once they have expired, found by their labels.
 */
public final class DockerReaper {
    /** What one sweep removed. */
    public record Sweep(List<String> containers, List<String> volumes, List<String> networks) {
        static final Sweep NOTHING = new Sweep(List.of(), List.of(), List.of());

        /** Everything removed, containers first. */
        public List<String> names() {
            List<String> names = new ArrayList<>(containers);
            names.addAll(volumes);
            names.addAll(networks);
            return names;
        }
    }

    /** One kind of labelled leftover: how docker lists it (by name) and removes it. */
    private enum Kind {
        CONTAINERS(List.of("ps", "--all"), "{{.Names}}", List.of("rm", "--force", "--volumes")),
        VOLUMES(List.of("volume", "ls"), "{{.Name}}", List.of("volume", "rm", "--force")),
        NETWORKS(List.of("network", "ls"), "{{.Name}}", List.of("network", "rm"));

        private final List<String> list;
        private final String name;
        private final List<String> remove;

        Kind(List<String> list, String name, List<String> remove) {
            this.list = list;
            this.name = name;
            this.remove = remove;
        }

        List<String> listing(String label, String format) {
            List<String> args = new ArrayList<>(list);
            args.addAll(List.of("--filter", "label=" + label, "--format", format));
            return args;
        }
    }

    private final DockerCli docker;

    public DockerReaper(DockerCli docker) {
        this.docker = docker;
    }

    /**
     * Removes every labelled container, volume and network whose expiry is before {@code now}; with
     * {@code tenant} set, only that tenant's.
     */
    public Sweep sweep(Instant now, String tenant) throws IOException, InterruptedException {
        Map<Kind, List<String>> removed = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            String format = kind.name + "|{{.Label \"" + SandboxLabels.EXPIRES + "\"}}|{{.Label \"" + SandboxLabels.TENANT + "\"}}";
            removed.put(kind, remove(kind, expired(kind.listing(SandboxLabels.MANAGED + "=true", format), now, tenant)));
        }
        EgressProxy.removeStaleRules(docker);
        return new Sweep(removed.get(Kind.CONTAINERS), removed.get(Kind.VOLUMES), removed.get(Kind.NETWORKS));
    }

    /**
     * The periodic sweep of a node: what {@link #sweep} removes of every tenant; nothing on a node
     * without a reachable Docker engine, where nothing of sbx-agent's can be.
     */
    public Sweep sweepNode(Instant now) throws IOException, InterruptedException {
        try {
            docker.serverVersion();
        } catch (IOException e) {
            return Sweep.NOTHING;
        }
        return sweep(now, null);
    }

    /**
     * Removes the containers, volumes and networks of one run, whatever their expiry: for a host that
     * aborts a run from another process than the one running it (a Jenkins abort reaching the agent node).
     */
    public Sweep removeRun(String runId) throws IOException, InterruptedException {
        Map<Kind, List<String>> removed = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            removed.put(kind, remove(kind, lines(kind.listing(SandboxLabels.RUN_ID + "=" + runId, kind.name))));
        }
        EgressProxy.removeStaleRules(docker);
        return new Sweep(removed.get(Kind.CONTAINERS), removed.get(Kind.VOLUMES), removed.get(Kind.NETWORKS));
    }

    /** Removes what is named; containers first, since they hold the volumes and networks. */
    private List<String> remove(Kind kind, List<String> names) throws IOException, InterruptedException {
        for (String name : names) {
            List<String> args = new ArrayList<>(kind.remove);
            args.add(name);
            docker.tryCall(args);
        }
        return names;
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
