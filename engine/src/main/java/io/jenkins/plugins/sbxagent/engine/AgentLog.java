package io.jenkins.plugins.sbxagent.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code agent.log}: the agent's masked stdout and stderr as they come, capped at a number of bytes
 * past which output is counted and dropped (the sandbox keeps running; its pipes keep draining).
 * Shared by the stdout and stderr streams, hence synchronized.
 */
final class AgentLog extends OutputStream {
    private final OutputStream file;
    private final RunListener listener;
    private final long limit;
    private long written;
    private long dropped;

    AgentLog(Path path, RunListener listener, long limit) throws IOException {
        this.file = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        this.listener = listener;
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int keep = (int) Math.max(0, Math.min(length, limit - written));
        if (keep > 0) {
            file.write(bytes, offset, keep);
            listener.output(bytes, offset, keep);
            written += keep;
        }
        dropped += length - keep;
    }

    @Override
    public synchronized void flush() throws IOException {
        file.flush();
    }

    /** Not closed by the masking streams that write into it; {@link #finish()} closes it. */
    @Override
    public void close() {
    }

    synchronized void finish() throws IOException {
        if (dropped > 0) {
            byte[] note = ("\n[sbx-agent: log limit of " + limit + " bytes reached; " + dropped + " more bytes dropped]\n")
                    .getBytes(StandardCharsets.UTF_8);
            file.write(note);
            listener.output(note, 0, note.length);
        }
        file.close();
    }

    synchronized long written() {
        return written;
    }

    synchronized long dropped() {
        return dropped;
    }
}
