package io.jenkins.plugins.sbxagent.engine.mask;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Finds every encoded form of a run's secrets in a byte stream, compiled once and shared by all the
 * streams of the run. Masking covers the union of all occurrences, so overlapping secrets leak no
 * byte of either.
 *
 * <p>How it keeps pace with a fast agent: every occurrence of a literal of at least {@code m} bytes
 * holds a {@code w}-byte piece (a q-gram, up to 8 bytes) starting at a position that is a multiple
 * of {@code m - w + 1}. So the scan reads only the pieces at those positions, one in every
 * {@code m - w + 1} bytes, and looks each up in a bitmap of every piece of every literal, small
 * enough to stay in the CPU cache. Only where the bitmap says a literal may lie does a trie of all
 * literals confirm it, whatever their number. A regular-expression alternation, by contrast, tries
 * every literal at every position.
 */
public final class SecretMasker {
    /** What a masked run of bytes becomes. */
    public static final byte[] REPLACEMENT = "****".getBytes(StandardCharsets.US_ASCII);

    private static final SecretMasker NONE = new SecretMasker(List.of());
    private static final int BITMAP_BITS = 21;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /**
     * Longest piece. Eight bytes keep chance matches rare even where the log is full of digits and
     * the secrets' hex forms are too.
     */
    private static final int LONGEST_PIECE = 8;

    /** Bytes of one piece: the shortest literal's length, at most {@link #LONGEST_PIECE}. */
    final int window;
    /** Distance between the positions whose pieces are looked up: shortest literal length - window + 1. */
    final int stride;
    /** Bit h is set when some piece of some literal hashes to h. */
    final long[] pieces = new long[1 << (BITMAP_BITS - 6)];
    /**
     * Bit (b0 << 8 | b1) is set when a literal begins with bytes b0, b1 (or with b0, for a one-byte
     * literal: then every b1 is set). Eight kilobytes: it spares the trie, whose rows do not stay in
     * the cache, almost every position that cannot begin a literal.
     */
    final long[] openings = new long[1 << 10];
    /** Byte value to its class: bytes that occur in no literal share class 0. */
    final int[] byteClass = new int[256];
    final int classCount;
    /** trie[state * classCount + class]: the next state, or -1. */
    final int[] trie;
    /** Length of the literal ending at a state, or 0. */
    final int[] literalLength;
    final int longestLiteral;
    private final int literalCount;

    private SecretMasker(List<byte[]> literals) {
        literalCount = literals.size();
        int shortest = literals.stream().mapToInt(l -> l.length).min().orElse(4);
        window = Math.max(1, Math.min(LONGEST_PIECE, shortest));
        stride = shortest - window + 1;
        int classes = 1;
        for (byte[] literal : literals) {
            for (byte b : literal) {
                if (byteClass[b & 0xff] == 0) {
                    byteClass[b & 0xff] = classes++;
                }
            }
        }
        classCount = classes;
        int capacity = 1 + literals.stream().mapToInt(l -> l.length).sum();
        int[] table = new int[capacity * classCount];
        Arrays.fill(table, -1);
        int[] length = new int[capacity];
        int states = 1;
        int longest = 0;
        for (byte[] literal : literals) {
            int state = 0;
            for (byte b : literal) {
                int slot = state * classCount + byteClass[b & 0xff];
                if (table[slot] < 0) {
                    table[slot] = states++;
                }
                state = table[slot];
            }
            length[state] = Math.max(length[state], literal.length);
            longest = Math.max(longest, literal.length);
            int first = (literal[0] & 0xff) << 8;
            for (int second = 0; second < 256; second++) {
                if (literal.length == 1 || (literal[1] & 0xff) == second) {
                    openings[(first | second) >>> 6] |= 1L << (first | second);
                }
            }
            for (int offset = 0; offset + window <= literal.length; offset++) {
                int bit = hash(piece(literal, offset, window));
                pieces[bit >>> 6] |= 1L << bit;
            }
        }
        trie = Arrays.copyOf(table, states * classCount);
        literalLength = Arrays.copyOf(length, states);
        longestLiteral = longest;
    }

    static int hash(long piece) {
        return (int) ((piece * GOLDEN) >>> (64 - BITMAP_BITS));
    }

    /** Reads eight bytes in one load. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static long piece(byte[] bytes, int offset, int length) {
        if (length == LONGEST_PIECE) {
            return (long) LONGS.get(bytes, offset);
        }
        long piece = 0;
        for (int i = 0; i < length; i++) {
            piece = (piece << 8) | (bytes[offset + i] & 0xff);
        }
        return piece;
    }

    /** A masker for every encoded form of the given secret values. */
    public static SecretMasker forSecrets(Collection<String> secrets) {
        List<byte[]> literals = new ArrayList<>();
        for (String secret : secrets) {
            literals.addAll(SecretEncodings.of(secret));
        }
        return forLiterals(literals);
    }

    /** A masker for exactly these byte strings (none of them empty). */
    public static SecretMasker forLiterals(List<byte[]> literals) {
        List<byte[]> usable = literals.stream().filter(l -> l.length > 0).toList();
        return usable.isEmpty() ? NONE : new SecretMasker(usable);
    }

    /** Whether there is nothing to mask. */
    public boolean isEmpty() {
        return literalCount == 0;
    }

    /**
     * The length of the longest literal that starts at {@code from} (0 for none); or, when the bytes
     * up to {@code end} are the beginning of a literal that more input could complete, that length
     * negated minus one.
     */
    int longestAt(byte[] bytes, int from, int end) {
        if (from + 1 < end) {
            int opening = (bytes[from] & 0xff) << 8 | (bytes[from + 1] & 0xff);
            if ((openings[opening >>> 6] & (1L << opening)) == 0) {
                return 0;
            }
        }
        int state = 0;
        int found = 0;
        for (int i = from; i < end; i++) {
            state = trie[state * classCount + byteClass[bytes[i] & 0xff]];
            if (state < 0) {
                return found;
            }
            if (literalLength[state] > 0) {
                found = literalLength[state];
            }
        }
        // ran out of input inside the trie: a longer literal may still complete
        return state > 0 && hasChildren(state) ? -found - 1 : found;
    }

    private boolean hasChildren(int state) {
        for (int c = 0; c < classCount; c++) {
            if (trie[state * classCount + c] >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A stream that writes everything to {@code target} with the secrets masked; close it to flush the tail. */
    public MaskingOutputStream wrap(OutputStream target) {
        return new MaskingOutputStream(this, target);
    }

    /** Masks a whole string (for short texts such as messages and command lines). */
    public String mask(String text) {
        if (isEmpty()) {
            return text;
        }
        var out = new java.io.ByteArrayOutputStream(text.length());
        try (MaskingOutputStream masking = wrap(out)) {
            masking.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * How many times the secrets occur, in any encoding, in the file at {@code file}, read streaming whatever its size;
     * a link is not followed.
     */
    public long countIn(java.nio.file.Path file) throws java.io.IOException {
        if (isEmpty()) {
            return 0;
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                MaskingOutputStream sink = wrap(OutputStream.nullOutputStream())) {
            in.transferTo(sink);
            // closed here and not only by the try: closing scans the bytes held back for a match across writes
            sink.close();
            return sink.matches();
        }
    }

    /** Whether the text holds any secret in any encoding. */
    public boolean containsSecret(String text) {
        return !isEmpty() && !mask(text).equals(text);
    }
}
