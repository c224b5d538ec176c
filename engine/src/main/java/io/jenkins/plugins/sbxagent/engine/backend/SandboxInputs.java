package io.jenkins.plugins.sbxagent.engine.backend;

import io.jenkins.plugins.sbxagent.engine.change.Entries;
import io.jenkins.plugins.sbxagent.engine.spec.GeneratedFile;
import io.jenkins.plugins.sbxagent.engine.spec.PutFile;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What deliberately crosses into a sandbox besides the workspace, made ready in the run's private folder: files and variables. */
public final class SandboxInputs {
    private SandboxInputs() {
    }

    /**
     * The deliberate file inputs as private, read-only files: a checked copy of each put file, and each generated file
     * written out, all hashed in the audit. Returns each private file with its target in the sandbox, in order.
     */
    public static Map<Path, String> privateFiles(RunSpec spec, Path privateDir, Map<String, Object> audit) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        List<Map<String, Object>> puts = new ArrayList<>();
        List<Map<String, Object>> generated = new ArrayList<>();
        Path dir = privateDir.resolve("put");
        if (!spec.puts().isEmpty() || !spec.generated().isEmpty()) {
            Files.createDirectory(dir);
        }
        int index = 0;
        for (PutFile put : spec.puts()) {
            files.put(privateCopy(put, dir.resolve(Integer.toString(index++)), puts), put.target());
        }
        index = 0;
        for (GeneratedFile file : spec.generated()) {
            Path written = dir.resolve("generated-" + index++);
            Files.writeString(written, file.content(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("r--r--r--"));
            files.put(written, file.target());
            generated.add(auditEntry(null, file.target(), written));
        }
        audit.put("puts", puts);
        audit.put("generated", generated);
        return files;
    }

    /**
     * Variables into a file only this user can read, for the client's {@code --env-file}; null when there are none.
     * The caller deletes it as soon as the client has read it.
     */
    public static Path variablesFile(Path privateDir, Map<String, String> variables) throws IOException {
        if (variables.isEmpty()) {
            return null;
        }
        Path file = privateDir.resolve("secrets.env");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder content = new StringBuilder();
        variables.forEach((name, value) -> content.append(name).append('=').append(value).append('\n'));
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        return file;
    }

    /**
     * A private copy of a put file: what the sandbox gets cannot change under it, and is what the audit hashes. The
     * source must still be the regular file the spec approved, not a link swapped in since.
     */
    private static Path privateCopy(PutFile put, Path copy, List<Map<String, Object>> audit) throws IOException {
        if (!Files.isRegularFile(put.source(), LinkOption.NOFOLLOW_LINKS) || !put.source().toRealPath().equals(put.source())) {
            throw new SandboxException("The put file " + put.source() + " changed since it was checked; nothing was put in.");
        }
        Files.copy(put.source(), copy, LinkOption.NOFOLLOW_LINKS);
        // read-only either way; an executable (a tool the agent needs) stays executable
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(Files.isExecutable(put.source()) ? "r-xr-xr-x" : "r--r--r--"));
        audit.add(auditEntry(put.source(), put.target(), copy));
        return copy;
    }

    /** What the audit records of a file that crossed in: where from (for a put file), where to, its size and hash. */
    private static Map<String, Object> auditEntry(Path source, String target, Path crossed) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (source != null) {
            entry.put("source", source.toString());
        }
        entry.put("target", target);
        entry.put("size", Files.size(crossed));
        entry.put("sha256", Entries.sha256(crossed));
        return entry;
    }
}
