package io.jenkins.plugins.sbxagent.engine.publish;

import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.Entries;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspacePaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Copies files the run asked for ({@code --read}) from the workspace after the run into
 * {@code files/}: only regular files reached through real folders, never through a link, and no
 * larger than the limit.
 */
public final class ReadBack {
    /** What happened to one read. */
    public record Outcome(String path, boolean copied, String reason, long size) {
    }

    private ReadBack() {
    }

    public static Outcome read(FileTree after, String relative, Path filesDir, long limit, OutputFilter filter) throws IOException {
        WorkspacePaths.checkRelative("--read", relative);
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            Optional<Path> folder = after.locate(prefix.toString());
            Optional<EntryState> state = folder.isPresent() ? Entries.read(folder.get(), false) : Optional.empty();
            if (state.isEmpty()) {
                return new Outcome(relative, false, "not found", 0);
            }
            if (state.get().type() != EntryType.DIRECTORY) {
                return new Outcome(relative, false, "refused: " + prefix + " is a " + state.get().type().id() + ", not a folder", 0);
            }
        }
        Optional<Path> file = after.locate(relative);
        Optional<EntryState> state = file.isPresent() ? Entries.read(file.get(), false) : Optional.empty();
        if (state.isEmpty()) {
            return new Outcome(relative, false, "not found", 0);
        }
        if (state.get().type() != EntryType.FILE) {
            return new Outcome(relative, false, "refused: it is a " + state.get().type().id() + ", not a regular file", 0);
        }
        if (state.get().size() > limit) {
            return new Outcome(relative, false, "refused: " + state.get().size() + " bytes is over the limit of " + limit, 0);
        }
        Path target = filesDir.resolve(relative);
        Files.createDirectories(target.getParent());
        try (InputStream in = Files.newInputStream(file.get(), LinkOption.NOFOLLOW_LINKS);
                OutputStream out = filter.wrap(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS))) {
            // the copy stops at the limit even if the file grew since it was measured
            long copied = in.transferTo(new LimitedOutputStream(out, limit));
            return new Outcome(relative, true, "", copied);
        }
    }

    /** Wraps an output so that what passes is filtered (the secret masker). */
    public interface OutputFilter {
        OutputStream wrap(OutputStream out);
    }

    private static final class LimitedOutputStream extends java.io.FilterOutputStream {
        private long remaining;

        LimitedOutputStream(OutputStream out, long limit) {
            super(out);
            this.remaining = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, remaining);
            out.write(b, off, n);
            remaining -= n;
        }

        @Override
        public void write(int b) throws IOException {
            if (remaining > 0) {
                out.write(b);
                remaining--;
            }
        }
    }
}
