package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A workspace as of one moment, on the host: where each of its entries lies. */
public interface FileTree {
    /**
     * The host path holding the entry at {@code relative}, or empty when the tree has no such entry.
     * The host path is never reached through a symbolic link of the tree.
     */
    Optional<Path> locate(String relative) throws IOException;

    /**
     * The lines of the regular file at {@code relative}, read whole as UTF-8, for the small files git and tools read as
     * settings; empty when there is no such file, it is not a regular file, or it is larger than {@code largest} bytes.
     */
    default List<String> smallTextLines(String relative, long largest) throws IOException {
        Optional<Path> host = locate(relative);
        if (host.isEmpty() || !Files.isRegularFile(host.get(), LinkOption.NOFOLLOW_LINKS) || Files.size(host.get()) > largest) {
            return List.of();
        }
        return List.of(new String(Files.readAllBytes(host.get()), StandardCharsets.UTF_8).split("\r?\n", -1));
    }

    /** The names of the entries in the folder at {@code relative} as the tree holds them; empty for what is not a folder. */
    default List<String> names(String relative) throws IOException {
        Optional<Path> folder = locate(relative);
        if (folder.isEmpty() || !Files.isDirectory(folder.get(), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder.get())) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    /** A plain folder. */
    static FileTree directory(Path root) {
        return relative -> {
            Path host = relative.isEmpty() ? root : PathNames.resolve(root, relative);
            return parentsAreDirectories(root, relative) && Entries.read(host, false).isPresent()
                    ? Optional.of(host) : Optional.empty();
        };
    }

    /** Whether every folder on the way to {@code relative} is a real folder, not a link. */
    static boolean parentsAreDirectories(Path root, String relative) throws IOException {
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            Optional<EntryState> state = Entries.read(PathNames.resolve(root, prefix.toString()), false);
            if (state.isEmpty() || state.get().type() != EntryType.DIRECTORY) {
                return false;
            }
        }
        return true;
    }
}
