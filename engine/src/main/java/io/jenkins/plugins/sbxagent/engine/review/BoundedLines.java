package io.jenkins.plugins.sbxagent.engine.review;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a file, each kept to at most {@code limit} characters: a one-line 100 MB file costs no
 * more memory than a short line. What is left of a longer line is skipped and counted.
 */
final class BoundedLines implements AutoCloseable {
    private final BufferedReader in;
    private final int limit;
    private final StringBuilder line = new StringBuilder();
    private long skipped;

    BoundedLines(InputStream stream, int limit) {
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024);
        this.limit = limit;
    }

    /** The next line without its line break, or null at the end. */
    String next() throws IOException {
        line.setLength(0);
        skipped = 0;
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (line.length() < limit) {
                line.append((char) c);
            } else {
                skipped++;
            }
            c = in.read();
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    /** How many characters of the last line were left out. */
    long skipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
