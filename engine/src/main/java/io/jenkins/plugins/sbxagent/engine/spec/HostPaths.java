package io.jenkins.plugins.sbxagent.engine.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host paths of a run, checked as {@link RunSpec.Builder#build()} makes a spec: each taken by its real path, none
 * reached through a link, none where the host guard forbids, none inside another that must stay apart (the outputs and
 * the staging outside the workspace, the outputs outside its {@code .git}), and the workspace paths a run names relative
 * and plain.
 */
final class HostPaths {
    private HostPaths() {
    }

    static Path workspace(Path workspace, MountGuard guard) {
        if (!Files.isDirectory(workspace)) {
            throw new SpecException("--workspace", workspace + " is not a folder.", "Point it at the project folder the agent works on.");
        }
        guard.check("--workspace", workspace);
        return MountGuard.real(workspace);
    }

    static Path outputs(Path outputs, Path realWorkspace) {
        Path target = outputs == null ? Path.of("sbx-agent-out") : outputs;
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new SpecException("--out", absolute + " exists and is not a folder (or is a symbolic link).",
                    "Name a new or existing folder.");
        }
        Path parent = MountGuard.real(absolute.getParent());
        Path real = parent.resolve(absolute.getFileName());
        if (realWorkspace.startsWith(real)) {
            throw new SpecException("--out", real + " is the workspace or holds it.", "Put the outputs in a folder of their own.");
        }
        if (real.startsWith(realWorkspace.resolve(".git"))) {
            throw new SpecException("--out", real + " lies inside the workspace's .git folder.", "Put the outputs elsewhere.");
        }
        return real;
    }

    static Path workRoot(Path workRoot, Path realWorkspace) {
        if (!Files.isDirectory(workRoot)) {
            throw new SpecException("--work-dir", workRoot + " is not a folder.", "Name an existing folder for staging.");
        }
        Path real = MountGuard.real(workRoot);
        if (real.startsWith(realWorkspace)) {
            throw new SpecException("--work-dir", real + " lies inside the workspace " + realWorkspace + ".",
                    "Staging must happen outside the workspace; name another folder.");
        }
        return real;
    }

    /** The put files by the real paths the guard approved: the run copies exactly those, and only if they still are. */
    static List<PutFile> puts(List<PutFile> puts, List<GeneratedFile> generated, MountGuard guard) {
        Set<String> targets = new HashSet<>();
        List<PutFile> checked = new ArrayList<>();
        for (PutFile put : puts) {
            if (!Files.isRegularFile(put.source())) {
                throw new SpecException("--put", put.source() + " is not a regular file.", "Put files, not folders, sockets or devices.");
            }
            guard.check("--put", put.source());
            RunSpec.checkTarget(put.target(), targets);
            try {
                checked.add(new PutFile(put.source().toRealPath(), put.target()));
            } catch (IOException e) {
                throw new SpecException("--put", put.source() + " cannot be read: " + e.getMessage(), "Name a readable file.");
            }
        }
        for (GeneratedFile file : generated) {
            RunSpec.checkTarget(file.target(), targets);
        }
        return checked;
    }

    /**
     * A covered path must be the path itself: over a symbolic link the cover would land wherever the link
     * points inside the sandbox, and what the agent reads through the link would stay uncovered.
     */
    static List<String> hidden(List<String> hidden, Path realWorkspace, Path realOutputs) {
        // an agent's own paths and the user's may coincide: each is covered once
        Set<String> checked = new LinkedHashSet<>();
        for (String path : hidden) {
            WorkspacePaths.checkRelative("--hide", path);
            Path current = realWorkspace;
            for (Path part : Path.of(path)) {
                current = current.resolve(part);
                if (Files.isSymbolicLink(current)) {
                    throw new SpecException("--hide", "'" + path + "' in the workspace is or lies under a symbolic link, which cannot be"
                            + " covered (the agent would read through it).", "Replace the link with what it points to; an agent's own"
                            + " configuration (e.g. .gemini, .opencode) must be a plain folder or file to be kept from the agent.");
                }
            }
            Path covered = realWorkspace.resolve(path).normalize();
            if (realOutputs.startsWith(covered) || covered.startsWith(realOutputs)) {
                throw new SpecException("--hide", "'" + path + "' overlaps the outputs folder " + realOutputs + ", which is hidden already.",
                        "Put the outputs outside the workspace, or leave the path out.");
            }
            checked.add(Path.of(path).normalize().toString());
        }
        return List.copyOf(checked);
    }

    static void reads(List<String> reads) {
        for (String read : reads) {
            WorkspacePaths.checkRelative("--read", read);
        }
    }
}
