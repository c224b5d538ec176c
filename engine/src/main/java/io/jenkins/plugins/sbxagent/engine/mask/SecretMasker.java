package io.jenkins.plugins.sbxagent.engine.mask;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A byte-level Aho-Corasick automaton over every encoded form of a run's secrets, compiled once and
 * shared by all the streams of the run.
 *
 * <p>Why an automaton: one pass over the bytes finds every literal at once, whatever their number,
 * where a regular-expression alternation tries each literal at each position (hundreds of times
 * slower with a few hundred literals). Masking covers the union of all occurrences, so overlapping
 * secrets leak no byte of either.
 */
public final class SecretMasker {
    /** What a masked run of bytes becomes. */
    public static final byte[] REPLACEMENT = "****".getBytes(StandardCharsets.US_ASCII);

    private static final SecretMasker NONE = new SecretMasker(List.of());

    /** Byte value to its class: bytes that occur in no literal share class 0. */
    final int[] byteClass = new int[256];
    final int classCount;
    /** next[state * classCount + class]: the state after the byte, negated (~) when it ends a match. */
    final int[] next;
    /** Length of the longest literal ending in each state (0 for none). */
    final int[] matchLength;
    /** How many bytes of input each state stands for. */
    final int[] depth;
    final int longestLiteral;
    private final int literalCount;

    private SecretMasker(List<byte[]> literals) {
        literalCount = literals.size();
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
        int[] trie = new int[capacity * classCount];
        Arrays.fill(trie, -1);
        int[] length = new int[capacity];
        int[] stateDepth = new int[capacity];
        int states = 1;
        int longest = 0;
        for (byte[] literal : literals) {
            int state = 0;
            for (byte b : literal) {
                int slot = state * classCount + byteClass[b & 0xff];
                if (trie[slot] < 0) {
                    stateDepth[states] = stateDepth[state] + 1;
                    trie[slot] = states++;
                }
                state = trie[slot];
            }
            length[state] = Math.max(length[state], literal.length);
            longest = Math.max(longest, literal.length);
        }
        longestLiteral = longest;
        // breadth-first: fill missing transitions from the failure state, inherit match lengths
        int[] fail = new int[states];
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        for (int c = 0; c < classCount; c++) {
            if (trie[c] < 0) {
                trie[c] = 0;
            } else {
                fail[trie[c]] = 0;
                queue[tail++] = trie[c];
            }
        }
        while (head < tail) {
            int state = queue[head++];
            length[state] = Math.max(length[state], length[fail[state]]);
            for (int c = 0; c < classCount; c++) {
                int slot = state * classCount + c;
                int child = trie[slot];
                if (child < 0) {
                    trie[slot] = trie[fail[state] * classCount + c];
                } else {
                    fail[child] = trie[fail[state] * classCount + c];
                    queue[tail++] = child;
                }
            }
        }
        next = new int[states * classCount];
        for (int slot = 0; slot < next.length; slot++) {
            int target = trie[slot];
            next[slot] = length[target] > 0 ? ~(target * classCount) : target * classCount;
        }
        matchLength = Arrays.copyOf(length, states);
        depth = Arrays.copyOf(stateDepth, states);
    }

    /** A masker for every encoded form of the given secret values. */
    public static SecretMasker forSecrets(Collection<String> secrets) {
        List<byte[]> literals = new ArrayList<>();
        for (String secret : secrets) {
            literals.addAll(SecretEncodings.of(secret));
        }
        return forLiterals(literals);
    }

    /** A masker for exactly these byte strings. */
    public static SecretMasker forLiterals(List<byte[]> literals) {
        return literals.isEmpty() ? NONE : new SecretMasker(literals);
    }

    /** Whether there is nothing to mask. */
    public boolean isEmpty() {
        return literalCount == 0;
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

    /** Whether the text holds any secret in any encoding. */
    public boolean containsSecret(String text) {
        return !isEmpty() && !mask(text).equals(text);
    }
}
