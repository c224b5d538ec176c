package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Splits an agent's standard output into its JSON events and everything else: a line that is a JSON
 * object goes to the events sink and to the reader; any other line goes to the log sink, so that a
 * stray print never breaks parsing. Holds one line at most, and a line longer than
 * {@link #LONGEST_LINE} is passed to the log as it comes.
 */
public final class EventStreamSplitter extends OutputStream {
    static final int LONGEST_LINE = 4 << 20;

    private final OutputStream events;
    private final OutputStream log;
    private final Consumer<JsonNode> reader;
    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overlong;

    public EventStreamSplitter(OutputStream events, OutputStream log, Consumer<JsonNode> reader) {
        this.events = events;
        this.log = log;
        this.reader = reader;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i + 1 - start);
                endLine();
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (overlong || line.size() + length > LONGEST_LINE) {
            if (!overlong) {
                line.writeTo(log);
                line.reset();
                overlong = true;
            }
            log.write(bytes, offset, length);
            return;
        }
        line.write(bytes, offset, length);
    }

    private void endLine() throws IOException {
        if (overlong) {
            overlong = false;
            return;
        }
        byte[] text = line.toByteArray();
        line.reset();
        JsonNode event = parse(text);
        if (event != null) {
            events.write(text);
            reader.accept(event);
        } else {
            log.write(text);
        }
    }

    private JsonNode parse(byte[] text) {
        int first = 0;
        while (first < text.length && Character.isWhitespace(text[first])) {
            first++;
        }
        if (first == text.length || text[first] != '{') {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // not JSON after all: a log line
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        events.flush();
        log.flush();
    }

    /** Handles a last line without a line break; the sinks stay open (their owner closes them). */
    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0 || overlong) {
            endLine();
        }
        flush();
    }
}
