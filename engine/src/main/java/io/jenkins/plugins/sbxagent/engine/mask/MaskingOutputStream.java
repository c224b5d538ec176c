package io.jenkins.plugins.sbxagent.engine.mask;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Masks secrets out of a byte stream as it passes. It holds back only the last few bytes that might
 * still begin a secret (at most twice the longest literal), never the stream, so memory stays
 * constant however much the agent prints. {@link #close()} writes the held-back tail.
 *
 * <p>Not thread-safe: give each producer its own stream.
 */
public final class MaskingOutputStream extends OutputStream {
    private final SecretMasker masker;
    private final OutputStream target;
    /** Bytes not yet written; {@code held[0]} is stream position {@code heldStart}. */
    private byte[] held = new byte[8192];
    private int heldLength;
    private long heldStart;
    /** Covered intervals not yet written, as pairs of stream positions [start, end], sorted, disjoint. */
    private long[] covered = new long[16];
    private int coveredCount;
    /** Stream position of the next piece the filter looks at. */
    private long nextPiece;
    /** Every literal starting before this stream position has been found. */
    private long verified;
    /**
     * Stream position of the last byte covered by a mask already written. A run that starts right
     * after it continues that mask: the output is then the same however the input was chunked, and a
     * run that grows across writes gets one mask.
     */
    private long maskedThrough = -2;
    private long matches;
    private boolean closed;

    MaskingOutputStream(SecretMasker masker, OutputStream target) {
        this.masker = masker;
        this.target = target;
    }

    /** How many secret occurrences were masked so far. */
    public long matches() {
        return matches;
    }

    /** How many bytes are held back right now (for tests of the memory bound). */
    int heldBytes() {
        return heldLength;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (masker.isEmpty()) {
            target.write(bytes, offset, length);
            return;
        }
        ensureCapacity(heldLength + length);
        System.arraycopy(bytes, offset, held, heldLength, length);
        heldLength += length;
        emitUpTo(scan(false));
    }

    /**
     * Finds the literals in the held bytes and returns the stream position up to which the output is
     * final: before the first position whose bytes may still begin a literal. At the end of the stream
     * ({@code last}) every position is final.
     */
    private long scan(boolean last) {
        byte[] buffer = held;
        long end = heldStart + heldLength;
        int window = masker.window;
        int stride = masker.stride;
        long[] pieces = masker.pieces;
        int reach = masker.longestLiteral - window;
        // the filter: only pieces at multiples of the stride can show that a literal lies around them
        // pieces before the held bytes only served literals that started there, which are all written out
        long first = Math.max(nextPiece, heldStart);
        long at = (first + stride - 1) / stride * stride;
        for (; at + window <= end; at += stride) {
            int bit = SecretMasker.hash(SecretMasker.piece(buffer, (int) (at - heldStart), window));
            if ((pieces[bit >>> 6] & (1L << bit)) == 0) {
                continue;
            }
            // a literal may start anywhere from 'reach' bytes before the piece up to the piece itself
            for (long start = Math.max(Math.max(verified, at - reach), heldStart); start <= at; start++) {
                int found = masker.longestAt(buffer, (int) (start - heldStart), heldLength);
                if (found < 0) {
                    if (!last) {
                        nextPiece = at;
                        verified = start;
                        return start;
                    }
                    found = -found - 1;
                }
                if (found > 0) {
                    cover(start, start + found - 1);
                }
            }
            verified = at + 1;
        }
        nextPiece = at;
        if (last) {
            return end;
        }
        // every literal that ends before 'end' is found; hold back from the first byte that may begin one
        for (long start = Math.max(Math.max(verified, end - masker.longestLiteral + 1), heldStart); start < end; start++) {
            if (masker.longestAt(buffer, (int) (start - heldStart), heldLength) < 0) {
                return start;
            }
        }
        return end;
    }

    private void cover(long start, long end) {
        matches++;
        long from = start;
        long to = end;
        while (coveredCount > 0 && covered[2 * coveredCount - 1] >= from - 1) {
            from = Math.min(from, covered[2 * coveredCount - 2]);
            to = Math.max(to, covered[2 * coveredCount - 1]);
            coveredCount--;
        }
        if (2 * coveredCount + 2 > covered.length) {
            covered = Arrays.copyOf(covered, covered.length * 2);
        }
        covered[2 * coveredCount] = from;
        covered[2 * coveredCount + 1] = to;
        coveredCount++;
    }

    /**
     * Writes held bytes before {@code limit}, replacing each masked run by the mask. A run that reaches
     * past the limit (a secret repeated back to back may keep it growing) gets its mask written now
     * and its bytes dropped as they pass, so that memory never grows with the input.
     */
    private void emitUpTo(long limit) throws IOException {
        if (limit <= heldStart) {
            return;
        }
        long position = heldStart;
        int done = 0;
        while (done < coveredCount && covered[2 * done] < limit) {
            long start = covered[2 * done];
            if (start > position) {
                target.write(held, (int) (position - heldStart), (int) (start - position));
            }
            if (start != maskedThrough + 1) {
                target.write(SecretMasker.REPLACEMENT);
            }
            if (covered[2 * done + 1] >= limit) {
                // still growing: its bytes so far are dropped, and the rest will continue this mask
                covered[2 * done] = limit;
                position = limit;
                maskedThrough = limit - 1;
                break;
            }
            position = covered[2 * done + 1] + 1;
            maskedThrough = position - 1;
            done++;
        }
        if (position < limit) {
            target.write(held, (int) (position - heldStart), (int) (limit - position));
            position = limit;
        }
        if (done > 0) {
            System.arraycopy(covered, 2 * done, covered, 0, 2 * (coveredCount - done));
            coveredCount -= done;
        }
        int consumed = (int) (position - heldStart);
        System.arraycopy(held, consumed, held, 0, heldLength - consumed);
        heldLength -= consumed;
        heldStart = position;
    }

    private void ensureCapacity(int needed) {
        if (needed > held.length) {
            held = Arrays.copyOf(held, Math.max(needed, held.length * 2));
        }
    }

    /** Writes what is safe to write; bytes that may begin a secret stay held until more input or close. */
    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            emitUpTo(scan(true));
            target.flush();
        } finally {
            target.close();
        }
    }
}
