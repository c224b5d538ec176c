package io.jenkins.plugins.sbxagent.engine.session;

import io.jenkins.plugins.sbxagent.engine.change.Entries;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
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
 * is: only the session the agent's events named, only regular files with plain names reached through real folders,
 * bounded, and masked like every output. Whatever else the agent left there (its settings, its caches) stays behind.
 */
public final class SessionCapture {
    private SessionCapture() {
    }

    /**
     * @param sessionId the id the agent's events named, or null
     * @return the manifest written into the outputs, or empty when there is nothing to keep (and then why is told)
     */
    public static Optional<SessionManifest> capture(SessionFormat format, String sessionId, Path stateFolder, RunOutputs outputs,
            Consumer<String> messages) throws IOException {
        if (sessionId == null || !format.id().matcher(sessionId).matches()) {
            return Optional.empty();
        }
        FileTree state = FileTree.directory(stateFolder);
        String transcript = format.transcript(sessionId);
        Optional<Path> found = state.locate(transcript);
        if (found.isEmpty() || !Files.isRegularFile(found.get(), LinkOption.NOFOLLOW_LINKS)) {
            messages.accept("session " + sessionId + " left no transcript: it cannot be continued");
            return Optional.empty();
        }
        List<String> files = new ArrayList<>(List.of(transcript));
        String sideFolder = format.folder() + "/" + sessionId;
        Optional<Path> side = state.locate(sideFolder);
        if (side.isPresent() && Files.isDirectory(side.get(), LinkOption.NOFOLLOW_LINKS)) {
            files.addAll(sideFiles(side.get(), sideFolder, messages));
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

    /** The regular files under a session's side folder, sorted; links and odd names are left behind, and told. */
    private static List<String> sideFiles(Path folder, String relative, Consumer<String> messages) throws IOException {
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
}
