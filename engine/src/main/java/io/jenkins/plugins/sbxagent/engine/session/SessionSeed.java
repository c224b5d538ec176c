package io.jenkins.plugins.sbxagent.engine.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.SessionChoice;
import io.jenkins.plugins.sbxagent.engine.change.Entries;
import io.jenkins.plugins.sbxagent.engine.change.PathNames;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.InputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session an earlier run left in its outputs, checked to enter a new sandbox: the agent must be the same, every file
 * the one its manifest lists (same size and hash, plain names, within the session's folder, bounded), and the
 * transcript JSON lines. The new run's state folder starts with these files and nothing else.
 *
 * @param format  where the agent keeps its sessions
 * @param manifest what the earlier run kept
 * @param outputs the earlier run's outputs folder
 * @param fork    whether the new run forks the session rather than resume it
 */
public record SessionSeed(SessionFormat format, SessionManifest manifest, Path outputs, boolean fork) {
    public static final String FIELD = "--resume-session";

    /** Reads and checks the session an earlier run's outputs hold, for {@code agent}. */
    public static SessionSeed read(AgentKind agent, Path outputs, boolean fork) throws IOException {
        SessionFormat format = SessionFormat.of(agent).orElseThrow(() -> new SpecException(FIELD, "only claude's, codex's and opencode's"
                + " sessions continue across runs.", "Use one of those agents, or leave it out and start a new session."));
        SessionManifest manifest = SessionManifest.read(outputs, FIELD);
        if (!manifest.agent().equals(agent.id())) {
            throw new SpecException(FIELD, "the session in " + outputs + " is " + manifest.agent() + "'s; this run's agent is " + agent.id() + ".",
                    "Continue it with --agent " + manifest.agent() + ".");
        }
        if (!format.id().matcher(manifest.sessionId()).matches()) {
            throw new SpecException(FIELD, "'" + manifest.sessionId().replaceAll("\\p{Cntrl}", "?") + "' is not a session id of " + agent.id() + ".",
                    "Continue the session from the unchanged outputs of the run that left it.");
        }
        if (manifest.files().isEmpty() || !format.isTranscript(manifest.files().get(0).path(), manifest.sessionId())) {
            throw new SpecException(FIELD, "the session's manifest does not name its transcript first.",
                    "Continue the session from the unchanged outputs of the run that left it.");
        }
        long bytes = 0;
        Path folder = outputs.resolve(SessionManifest.FOLDER).toRealPath();
        for (SessionManifest.File file : manifest.files()) {
            SessionFiles.check(file.path(), format.folder(), FIELD);
            if (!format.mayCarry(file.path(), manifest.sessionId())) {
                throw new SpecException(FIELD, "the session names '" + file.path() + "', which no session of " + agent.id() + " carries.",
                        "Continue the session from the unchanged outputs of the run that left it.");
            }
            Path copy = PathNames.resolve(folder, file.path());
            // reached through real folders only: no link in the outputs leads the copy elsewhere
            if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) || !copy.toRealPath().equals(copy)
                    || Files.size(copy) != file.size() || !Entries.sha256(copy).equals(file.sha256())) {
                throw new SpecException(FIELD, SessionManifest.FOLDER + "/" + file.path() + " is missing or not the file the run left (its size"
                        + " or SHA-256 differs).", "Continue the session from the unchanged outputs of the run that left it.");
            }
            bytes += file.size();
        }
        if (manifest.files().size() > SessionFiles.MAX_FILES || bytes > SessionFiles.MAX_BYTES) {
            throw new SpecException(FIELD, "the session is over " + SessionFiles.MAX_FILES + " files or " + (SessionFiles.MAX_BYTES >> 20) + " MB.",
                    "Start a new session.");
        }
        Path first = PathNames.resolve(folder, manifest.files().get(0).path());
        if (format.isDatabase()) {
            Path scratch = Files.createTempDirectory("sbx-agent-session-");
            try {
                OpenCodeDatabase.checkCopy(first, scratch, manifest.sessionId(), FIELD);
            } finally {
                io.jenkins.plugins.sbxagent.engine.stage.Trees.delete(scratch);
            }
        } else {
            checkJsonLines(first);
        }
        return new SessionSeed(format, manifest, outputs, fork);
    }

    /** What the agent's command line is told. */
    public SessionChoice choice() {
        return new SessionChoice(manifest.sessionId(), fork);
    }

    /**
     * Copies the files into the new run's state folder, writable: an agent that resumes a session appends to its
     * transcript, and Claude Code drops new turns without a word when it cannot.
     */
    public void placeInto(Path stateFolder) throws IOException {
        for (SessionManifest.File file : manifest.files()) {
            Path target = PathNames.resolve(stateFolder, file.path());
            Files.createDirectories(target.getParent());
            Files.copy(PathNames.resolve(outputs.resolve(SessionManifest.FOLDER).toRealPath(), file.path()), target, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            // the copy is what the agent reads: it must be what was checked, whatever changed in the outputs since
            if (!Entries.sha256(target).equals(file.sha256())) {
                throw new SpecException(FIELD, SessionManifest.FOLDER + "/" + file.path() + " changed after it was checked.",
                        "Continue the session from outputs nothing else writes to.");
            }
        }
    }

    /** What the audit records: where the session came from, its id, how it continues, and each file's hash. */
    public Map<String, Object> audit() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("from", outputs.toString());
        facts.put("sessionId", manifest.sessionId());
        facts.put("continues", fork ? "fork" : "resume");
        Map<String, String> files = new LinkedHashMap<>();
        manifest.files().forEach(file -> files.put(file.path(), file.sha256()));
        facts.put("files", files);
        return facts;
    }

    /**
     * The transcript is JSON objects, one after another (a line each): what an agent reads back as its own record, and
     * nothing else. Read streaming, so that no line of it is ever held whole.
     */
    private static void checkJsonLines(Path transcript) throws IOException {
        try (InputStream in = Files.newInputStream(transcript, LinkOption.NOFOLLOW_LINKS);
                JsonParser parser = new JsonFactory().createParser(in)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new SpecException(FIELD, "line " + parser.currentLocation().getLineNr() + " of the session's transcript is not a JSON"
                            + " object.", "Continue the session from the unchanged outputs of the run that left it.");
                }
                parser.skipChildren();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SpecException(FIELD, "line " + e.getLocation().getLineNr() + " of the session's transcript is not JSON.",
                    "Continue the session from the unchanged outputs of the run that left it.");
        }
    }
}
