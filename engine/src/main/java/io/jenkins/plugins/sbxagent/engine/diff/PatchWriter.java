package io.jenkins.plugins.sbxagent.engine.diff;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.ChangeKind;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.mask.MaskingOutputStream;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes changes as a git-format patch that {@code git apply} accepts: one file at a time, so that
 * memory holds at most one text file of at most {@code textLimit} bytes. Text is handled as
 * ISO-8859-1 so that every byte, valid UTF-8 or not, comes out as it went in.
 */
public final class PatchWriter {
    private static final int CONTEXT = 3;
    /** Marks a last line that has no line break, so that adding or removing the break is a change. */
    private static final String NO_EOL = "\u0000sbx-no-eol";
    private static final String ZERO_ID = "0".repeat(40);

    private final OutputStream out;
    private final FileTree before;
    private final FileTree after;
    private final long textLimit;
    private final SecretMasker masker;

    /**
     * @param out       where the patch goes (wrap it in a masking stream first: that masks the text)
     * @param before    the workspace before the run
     * @param after     the workspace after the run
     * @param textLimit files larger than this are written as binary patches
     * @param masker    masks secrets in binary content before it is compressed, where the stream's
     *                  masking could no longer see them
     */
    public PatchWriter(OutputStream out, FileTree before, FileTree after, long textLimit, SecretMasker masker) {
        this.out = out;
        this.before = before;
        this.after = after;
        this.textLimit = textLimit;
        this.masker = masker;
    }

    /** A writer whose binary content is not masked (there are no secrets). */
    public PatchWriter(OutputStream out, FileTree before, FileTree after, long textLimit) {
        this(out, before, after, textLimit, SecretMasker.forLiterals(List.of()));
    }

    /** Writes one change; folders and special files have no patch form and are skipped. */
    public void write(Change change) throws IOException {
        if (change.kind() == ChangeKind.TYPE_CHANGED) {
            // git writes a change of type as a deletion followed by an addition
            writeSide(change, change.before(), null);
            writeSide(change, null, change.after());
            return;
        }
        writeSide(change, change.before(), change.after());
    }

    private void writeSide(Change change, EntryState old, EntryState now) throws IOException {
        if (!patchable(old) || !patchable(now) || old == null && now == null) {
            return;
        }
        if (old != null && (old.type() == EntryType.FILE && old.sha256() == null || old.type() == EntryType.SYMLINK && old.linkTarget() == null)) {
            return; // the content before the run was not kept (mount mode): there is nothing to diff against
        }
        String path = change.path();
        boolean sameContent = old != null && now != null && old.type() == now.type()
                && (old.type() == EntryType.FILE ? java.util.Objects.equals(old.sha256(), now.sha256())
                        : java.util.Objects.equals(old.linkTarget(), now.linkTarget()));
        if (sameContent && old.gitMode().equals(now.gitMode())) {
            return; // a permission change git does not track (e.g. 0644 to 0664) has no patch form
        }
        Optional<Path> oldFile = old == null ? Optional.empty() : before.locate(path);
        Optional<Path> newFile = now == null ? Optional.empty() : after.locate(path);
        line("diff --git " + GitPaths.quote("a/", path) + " " + GitPaths.quote("b/", path));
        if (old == null) {
            line("new file mode " + now.gitMode());
        } else if (now == null) {
            line("deleted file mode " + old.gitMode());
        } else if (!old.gitMode().equals(now.gitMode())) {
            line("old mode " + old.gitMode());
            line("new mode " + now.gitMode());
        }
        if (sameContent) {
            return;
        }
        boolean binary = isBinaryOrLarge(old, oldFile) || isBinaryOrLarge(now, newFile);
        if (binary) {
            writeBinary(path, old, oldFile, now, newFile);
        } else {
            writeText(path, old == null ? null : lines(old, oldFile.orElseThrow()), now == null ? null : lines(now, newFile.orElseThrow()));
        }
    }

    private static boolean patchable(EntryState state) {
        return state == null || state.type() == EntryType.FILE || state.type() == EntryType.SYMLINK;
    }

    private boolean isBinaryOrLarge(EntryState state, Optional<Path> file) throws IOException {
        return state != null && state.type() == EntryType.FILE && file.isPresent()
                && (state.size() > textLimit || io.jenkins.plugins.sbxagent.engine.change.Entries.isBinary(file.get()));
    }

    private void writeText(String path, List<String> oldLines, List<String> newLines) throws IOException {
        line(oldLines == null ? "--- /dev/null" : "--- " + GitPaths.quote("a/", path));
        line(newLines == null ? "+++ /dev/null" : "+++ " + GitPaths.quote("b/", path));
        if (oldLines == null || newLines == null) {
            List<String> lines = oldLines == null ? newLines : oldLines;
            if (lines.isEmpty()) {
                return;
            }
            char sign = oldLines == null ? '+' : '-';
            line(oldLines == null ? "@@ -0,0 +1," + lines.size() + " @@" : "@@ -1," + lines.size() + " +0,0 @@");
            for (String text : lines) {
                body(sign, text);
            }
            return;
        }
        Patch<String> patch = BoundedDiff.diff(oldLines, newLines);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a", "b", oldLines, patch, CONTEXT);
        for (String text : unified.subList(Math.min(2, unified.size()), unified.size())) {
            if (text.startsWith("@@")) {
                line(text);
            } else {
                body(text.charAt(0), text.substring(1));
            }
        }
    }

    private void body(char sign, String text) throws IOException {
        boolean noEol = text.endsWith(NO_EOL);
        String content = noEol ? text.substring(0, text.length() - NO_EOL.length()) : text;
        out.write(sign);
        out.write(content.getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
        if (noEol) {
            line("\\ No newline at end of file");
        }
    }

    /** The lines of a file or the target of a link; a last line without a break carries {@link #NO_EOL}. */
    private static List<String> lines(EntryState state, Path host) throws IOException {
        // a link's target is written as its UTF-8 bytes, as git stores it
        String text = state.type() == EntryType.SYMLINK
                ? new String(io.jenkins.plugins.sbxagent.engine.change.PathNames.bytes(state.linkTarget()), StandardCharsets.ISO_8859_1)
                : new String(Files.readAllBytes(host), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(text.substring(start) + NO_EOL);
                break;
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    private void writeBinary(String path, EntryState old, Optional<Path> oldFile, EntryState now, Optional<Path> newFile)
            throws IOException {
        try (Content oldContent = content(old, oldFile); Content newContent = content(now, newFile)) {
            line("index " + oldContent.blobId() + ".." + newContent.blobId());
            line("GIT binary patch");
            newContent.writeLiteral();
            oldContent.writeLiteral();
        }
    }

    /**
     * One side of a binary change as the patch carries it: the file itself, or, when a bound secret
     * is in it, a masked copy in a temporary file (deleted on close), since compression would hide
     * the secret from the masking of the patch stream.
     */
    private final class Content implements AutoCloseable {
        private final EntryState state;
        private final Path file;
        private final boolean temporary;

        Content(EntryState state, Path file, boolean temporary) {
            this.state = state;
            this.file = file;
            this.temporary = temporary;
        }

        long size() throws IOException {
            return temporary ? Files.size(file) : PatchWriter.size(state);
        }

        InputStream open() throws IOException {
            return temporary ? Files.newInputStream(file) : PatchWriter.open(state, file);
        }

        String blobId() throws IOException {
            if (state == null) {
                return ZERO_ID;
            }
            MessageDigest sha1 = sha1();
            sha1.update(("blob " + size() + "\0").getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = open()) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha1.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha1.digest());
        }

        void writeLiteral() throws IOException {
            if (state == null) {
                GitBinaryLiteral.writeEmpty(out);
                return;
            }
            try (InputStream content = open()) {
                GitBinaryLiteral.write(out, content, size());
            }
        }

        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Content content(EntryState state, Optional<Path> host) throws IOException {
        if (state == null) {
            return new Content(null, null, false);
        }
        Path file = host.orElseThrow();
        if (masker.isEmpty() || state.type() != EntryType.FILE) {
            return new Content(state, file, false);
        }
        // count first: a copy is only worth writing for the rare file that holds a secret
        if (maskInto(file, OutputStream.nullOutputStream()) == 0) {
            return new Content(state, file, false);
        }
        Path masked = Files.createTempFile("sbx-agent-masked-", ".bin");
        try {
            try (OutputStream copy = Files.newOutputStream(masked)) {
                maskInto(file, copy);
            }
            return new Content(state, masked, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(masked);
            throw e;
        }
    }

    /** Streams the file through the masker into {@code sink}; returns how many secrets it masked. */
    private long maskInto(Path file, OutputStream sink) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS); MaskingOutputStream masking = masker.wrap(sink)) {
            in.transferTo(masking);
            masking.close(); // closing scans what was held back for a match across writes, before matches() is read
            return masking.matches();
        }
    }

    private static InputStream open(EntryState state, Path host) throws IOException {
        return state.type() == EntryType.SYMLINK
                ? new java.io.ByteArrayInputStream(io.jenkins.plugins.sbxagent.engine.change.PathNames.bytes(state.linkTarget()))
                : Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS);
    }

    private static long size(EntryState state) {
        return state.type() == EntryType.SYMLINK ? io.jenkins.plugins.sbxagent.engine.change.PathNames.bytes(state.linkTarget()).length
                : state.size();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private void line(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
