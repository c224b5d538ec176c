package io.jenkins.plugins.sbxagent.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session a run left in its outputs: {@code session/session.json}, naming the agent, the session's id and each file
 * beside it with its size and SHA-256, as written (masked). A later run takes the files only as the manifest lists them.
 *
 * @param agent     the agent's id
 * @param sessionId the session's id, as the agent named it
 * @param files     the files, relative to the state folder and to {@code session/} alike, the transcript first
 */
public record SessionManifest(String agent, String sessionId, List<File> files) {
    /** The outputs' folder of the session. */
    public static final String FOLDER = "session";
    /** The manifest's name in that folder. */
    public static final String NAME = "session.json";
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One file of a session.
     *
     * @param path   relative, '/'-separated
     * @param size   bytes
     * @param sha256 its content's hash
     */
    public record File(String path, long size, String sha256) {
    }

    public SessionManifest {
        files = List.copyOf(files);
    }

    /** The manifest's JSON text. */
    String json() throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", SCHEMA_VERSION);
        manifest.put("agent", agent);
        manifest.put("sessionId", sessionId);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (File file : files) {
            entries.add(Map.of("path", file.path(), "size", file.size(), "sha256", file.sha256()));
        }
        manifest.put("files", entries);
        return JSON.writeValueAsString(manifest) + "\n";
    }

    /** Reads the manifest of an earlier run's outputs; errors name {@code field}. */
    static SessionManifest read(Path outputs, String field) throws IOException {
        Path file = outputs.resolve(FOLDER).resolve(NAME);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SpecException(field, outputs + " holds no " + FOLDER + "/" + NAME + ": that run left no session to continue.",
                    "Name the outputs folder of a run of a known agent that ended with a session id.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SpecException(field, FOLDER + "/" + NAME + " is not JSON: " + e.getMessage(), "Name the outputs of a run, unchanged.");
        }
        if (root.path("schemaVersion").asInt() != SCHEMA_VERSION) {
            throw new SpecException(field, FOLDER + "/" + NAME + " has schema version " + root.path("schemaVersion") + ", not "
                    + SCHEMA_VERSION + ".", "Continue a session of a run made by this version of sbx-agent.");
        }
        List<File> files = new ArrayList<>();
        for (JsonNode entry : root.path("files")) {
            files.add(new File(entry.path("path").asText(), entry.path("size").asLong(-1), entry.path("sha256").asText()));
        }
        return new SessionManifest(root.path("agent").asText(), root.path("sessionId").asText(), files);
    }
}
