package io.jenkins.plugins.sbxagent.engine.diff;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * Writes a file as a git binary patch "literal" block: the zlib-deflated content in git's base85,
 * at most 52 bytes a line, streamed from the file.
 */
final class GitBinaryLiteral {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~".toCharArray();
    private static final int LINE_BYTES = 52;

    private GitBinaryLiteral() {
    }

    /** Writes {@code literal SIZE}, the encoded lines and the blank line that ends the block. */
    static void write(OutputStream out, InputStream content, long size) throws IOException {
        out.write(("literal " + size + "\n").getBytes(StandardCharsets.US_ASCII));
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (InputStream compressed = new DeflaterInputStream(content, deflater, 64 * 1024)) {
            byte[] line = new byte[LINE_BYTES];
            int n;
            while ((n = compressed.readNBytes(line, 0, LINE_BYTES)) > 0) {
                out.write(encodeLine(line, n));
            }
        } finally {
            deflater.end();
        }
        out.write('\n');
    }

    /** An empty literal block, for the side of a change that has no content. */
    static void writeEmpty(OutputStream out) throws IOException {
        write(out, InputStream.nullInputStream(), 0);
    }

    private static byte[] encodeLine(byte[] data, int length) {
        StringBuilder text = new StringBuilder(2 + (length + 3) / 4 * 5);
        text.append(length <= 26 ? (char) ('A' + length - 1) : (char) ('a' + length - 27));
        for (int i = 0; i < length; i += 4) {
            long group = 0;
            for (int j = 0; j < 4; j++) {
                group = (group << 8) | (i + j < length ? data[i + j] & 0xff : 0);
            }
            char[] chars = new char[5];
            for (int k = 4; k >= 0; k--) {
                chars[k] = ALPHABET[(int) (group % 85)];
                group /= 85;
            }
            text.append(chars);
        }
        return text.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }
}
