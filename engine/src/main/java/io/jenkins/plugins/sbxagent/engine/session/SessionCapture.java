package io.jenkins.plugins.sbxagent.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.change.Entries;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.PathNames;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Takes the session a run's agent left in its state folder into the outputs ({@code session/}), as the untrusted data it
 * is: only the session the agent's events named (with Claude Code's side files, or a Codex fork's parents), only regular
 * files with plain names reached through real folders, bounded, and masked like every output. Whatever else the agent left there (its settings, its caches) stays behind.
 */
public final class SessionCapture {
    /** How many forks back a Codex session is followed. */
    private static final int MAX_ANCESTORS = 20;
    /** A rollout's first record (its instructions included) fits in this; one that does not names no parent. */
    private static final int FIRST_RECORD = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionCapture() {
    }

    /**
     * @param sessionId the id the agent's events named, or null
     * @return the manifest written into the outputs, or empty when there is nothing to keep (and then why is told)
     */
    public static Optional<SessionManifest> capture(SessionFormat format, String sessionId, Path stateFolder, RunOutputs outputs,
            SecretMasker masker, Consumer<String> messages) throws IOException {
        if (sessionId == null || !format.id().matcher(sessionId).matches()) {
            return Optional.empty();
        }
        if (format.isDatabase()) {
            return captureDatabase(format, sessionId, stateFolder, outputs, masker, messages);
        }
        FileTree state = FileTree.directory(stateFolder);
        Optional<Path> sessions = state.locate(format.folder());
        List<String> kept = sessions.isPresent() && Files.isDirectory(sessions.get(), LinkOption.NOFOLLOW_LINKS)
                ? plainFiles(sessions.get(), format.folder(), messages) : List.of();
        Optional<String> transcript = transcriptOf(format, sessionId, kept);
        if (transcript.isEmpty()) {
            messages.accept("session " + sessionId + " left no transcript: it cannot be continued");
            return Optional.empty();
        }
        List<String> files = new ArrayList<>(List.of(transcript.get()));
        if (format.agent() == AgentKind.CLAUDE) {
            // large tool outputs, which the transcript names by their path
            String side = format.folder() + "/" + sessionId + "/";
            kept.stream().filter(file -> file.startsWith(side)).forEach(files::add);
        } else {
            files.addAll(ancestors(format, transcript.get(), kept, stateFolder));
        }
        long bytes = 0;
        for (String file : files) {
            bytes += Files.size(state.locate(file).orElseThrow());
        }
        if (files.size() > SessionFiles.MAX_FILES || bytes > SessionFiles.MAX_BYTES) {
            messages.accept("session " + sessionId + " is " + files.size() + " files, " + (bytes >> 20) + " MB: over the " + SessionFiles.MAX_FILES
                    + " files or " + (SessionFiles.MAX_BYTES >> 20) + " MB a session may carry; it is not kept");
            return Optional.empty();
        }
        List<SessionManifest.File> written = new ArrayList<>();
        for (String file : files) {
            String name = SessionManifest.FOLDER + "/" + file;
            Files.createDirectories(outputs.resolve(name).getParent());
            try (InputStream in = Files.newInputStream(state.locate(file).orElseThrow(), LinkOption.NOFOLLOW_LINKS);
                    OutputStream out = outputs.masked(name)) {
                in.transferTo(out);
            }
            written.add(new SessionManifest.File(file, Files.size(outputs.resolve(name)), Entries.sha256(outputs.resolve(name))));
        }
        SessionManifest manifest = new SessionManifest(format.agent().id(), sessionId, written);
        try (OutputStream out = outputs.masked(SessionManifest.FOLDER + "/" + SessionManifest.NAME)) {
            out.write(manifest.json().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of(manifest);
    }

    /**
     * OpenCode's database, folded into one checked, compacted file in the outputs. A database cannot be masked, so one that
     * holds a bound secret, in any encoding, is not kept at all.
     */
    private static Optional<SessionManifest> captureDatabase(SessionFormat format, String sessionId, Path stateFolder, RunOutputs outputs,
            SecretMasker masker, Consumer<String> messages) throws IOException {
        Optional<Path> folder = FileTree.directory(stateFolder).locate(format.folder());
        if (folder.isEmpty() || !Files.isRegularFile(folder.get().resolve("opencode.db"), LinkOption.NOFOLLOW_LINKS)) {
            messages.accept("session " + sessionId + " left no database: it cannot be continued");
            return Optional.empty();
        }
        String name = SessionManifest.FOLDER + "/" + OpenCodeDatabase.FILE;
        Path target = outputs.resolve(name);
        Files.createDirectories(target.getParent());
        Path scratch = Files.createTempDirectory(stateFolder.getParent(), "opencode-session-");
        try {
            OpenCodeDatabase.compact(folder.get(), scratch, sessionId, target, SessionManifest.FOLDER);
        } catch (io.jenkins.plugins.sbxagent.engine.spec.SpecException e) {
            Files.deleteIfExists(target);
            messages.accept("session " + sessionId + " is not kept: " + e.getMessage());
            return Optional.empty();
        } finally {
            io.jenkins.plugins.sbxagent.engine.stage.Trees.delete(scratch);
        }
        if (masker.countIn(target) > 0) {
            Files.delete(target);
            messages.accept("session " + sessionId + " is not kept: its database holds a bound secret, which a database cannot have masked");
            return Optional.empty();
        }
        SessionManifest manifest = new SessionManifest(format.agent().id(), sessionId,
                List.of(new SessionManifest.File(OpenCodeDatabase.FILE, Files.size(target), Entries.sha256(target))));
        try (OutputStream out = outputs.masked(SessionManifest.FOLDER + "/" + SessionManifest.NAME)) {
            out.write(manifest.json().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of(manifest);
    }

    /** The regular files under {@code folder}, by their paths relative to the state folder, sorted; links and odd names are told. */
    private static List<String> plainFiles(Path folder, String relative, Consumer<String> messages) throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.toList()) {
                String path = relative + "/" + folder.relativize(entry).toString().replace('\\', '/');
                if (entry.equals(folder) || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && SessionFiles.isPlain(path)) {
                    files.add(path);
                } else {
                    messages.accept("session file " + path.replaceAll("\\p{Cntrl}", "?") + " is a link, a special file or oddly named: left behind");
                }
            }
        }
        return new ArrayList<>(files);
    }

    private static Optional<String> transcriptOf(SessionFormat format, String sessionId, List<String> files) {
        return files.stream().filter(file -> format.isTranscript(file, sessionId)).findFirst();
    }

    /**
     * A Codex fork's rollout holds only what is new, and names the session it was forked from, whose rollout codex reads
     * too: the chain of parents, as far as the state folder has them (a parent crossed in with the run that forked it).
     */
    private static List<String> ancestors(SessionFormat format, String transcript, List<String> files, Path stateFolder) throws IOException {
        List<String> chain = new ArrayList<>();
        String current = transcript;
        for (int depth = 0; depth < MAX_ANCESTORS; depth++) {
            String parent = forkedFrom(PathNames.resolve(stateFolder, current));
            Optional<String> found = parent == null || !format.id().matcher(parent).matches() ? Optional.empty()
                    : transcriptOf(format, parent, files);
            if (found.isEmpty() || chain.contains(found.get()) || found.get().equals(transcript)) {
                break;
            }
            chain.add(found.get());
            current = found.get();
        }
        return chain;
    }

    /**
     * The id a rollout's first record names as its parent ({@code payload.forked_from_id}), or null: read from at most the
     * first {@link #FIRST_RECORD} bytes, and null for whatever is not such a record.
     */
    private static String forkedFrom(Path rollout) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(rollout, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(FIRST_RECORD);
        }
        int end = 0;
        while (end < head.length && head[end] != '\n') {
            end++;
        }
        try {
            JsonNode parent = JSON.readTree(new String(head, 0, end, StandardCharsets.UTF_8)).path("payload").path("forked_from_id");
            return parent.isTextual() ? parent.asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
