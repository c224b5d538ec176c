package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and removes what crashed runs left in Docker Sandboxes: sbx labels nothing, so sbx-agent's
 * sandboxes are known by their name ({@link SbxNames}) and their age by {@code created_at}.
 */
public final class SbxReaper {
    private final SbxCli cli;

    /** Older than this, a sandbox of sbx-agent's is a leftover: longer than any run's timeout. */
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(25);

    public SbxReaper(SbxCli cli) {
        this.cli = cli;
    }

    /** Removes sbx-agent's sandboxes created before {@code cutoff}; returns their names. A person's sandboxes are never touched. */
    public List<String> removeCreatedBefore(Instant cutoff) throws SandboxException, InterruptedException {
        List<String> removed = new ArrayList<>();
        for (JsonNode sandbox : sandboxes(cli)) {
            String name = sandbox.path("name").asText("");
            if (SbxNames.runIdOf(name).isEmpty()) {
                continue;
            }
            Instant created = created(sandbox);
            // a sandbox of unknown age is left alone: it may belong to a run going on now
            if (created != null && created.isBefore(cutoff)) {
                new SbxSandbox(cli, name).closeCreated();
                removed.add(name);
            }
        }
        return removed;
    }

    /** The names of every sandbox sbx lists. */
    static List<String> names(SbxCli cli) throws SandboxException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (JsonNode sandbox : sandboxes(cli)) {
            names.add(sandbox.path("name").asText(""));
        }
        return names;
    }

    private static List<JsonNode> sandboxes(SbxCli cli) throws SandboxException, InterruptedException {
        String out = cli.callOrThrow(cli.commands().list(), null).stdout();
        // some versions print daemon start-up lines before the JSON
        int start = out.indexOf('{');
        try {
            JsonNode root = start < 0 ? null : new ObjectMapper().readTree(out.substring(start));
            List<JsonNode> list = new ArrayList<>();
            if (root != null) {
                root.path("sandboxes").forEach(list::add);
            }
            return list;
        } catch (java.io.IOException e) {
            throw new SandboxException("sbx ls --json printed no JSON sbx-agent can read: " + e.getMessage(), e);
        }
    }

    private static Instant created(JsonNode sandbox) {
        try {
            return Instant.parse(sandbox.path("created_at").asText(""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
