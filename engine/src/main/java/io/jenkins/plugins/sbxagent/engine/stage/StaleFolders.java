package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Removes the private staging folders ({@code sbx-agent-*}) that crashed runs left in a work folder. */
public final class StaleFolders {
    private StaleFolders() {
    }

    /**
     * Removes every {@code sbx-agent-*} folder (never a link) in {@code workRoot} last modified before
     * {@code olderThan}. System tools do the deleting: they walk relative to each folder and never
     * follow links, whatever names and modes the agent left. Whatever is still mounted in a folder
     * is unmounted first; a folder whose mount stays is kept.
     */
    public static List<Path> remove(Path workRoot, Instant olderThan, CommandRunner runner) throws IOException, InterruptedException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(workRoot)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(workRoot, "sbx-agent-*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(olderThan)) {
                    // a crashed run's idmapped view of its workspace is detached first, never deleted through
                    try {
                        Mounts.detach(entry, runner);
                    } catch (IOException stillMounted) {
                        continue;
                    }
                    if (Trees.forceDelete(entry, runner)) {
                        removed.add(entry);
                    }
                }
            }
        }
        return removed;
    }
}
