package io.jenkins.plugins.sbxagent.engine.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** Starts commands as child processes of this JVM. */
public final class ProcessCommandRunner implements CommandRunner {
    /** Captured output beyond this is dropped: short commands print little, and memory stays bounded. */
    private static final int CAPTURE_LIMIT = 4 * 1024 * 1024;

    @Override
    public CommandResult run(Command command) throws IOException, InterruptedException {
        CappedBuffer out = new CappedBuffer(CAPTURE_LIMIT);
        CappedBuffer err = new CappedBuffer(CAPTURE_LIMIT);
        try (RunningCommand running = start(command, out, err)) {
            OptionalInt code = running.waitFor(command.timeout());
            if (code.isEmpty()) {
                running.kill();
                throw new CommandTimeoutException(command, command.timeout());
            }
            return new CommandResult(command, code.getAsInt(), out.text(), err.text());
        }
    }

    @Override
    public RunningCommand start(Command command, OutputStream stdout, OutputStream stderr) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.environment());
        if (command.directory() != null) {
            builder.directory(command.directory().toFile());
        }
        builder.redirectInput(command.stdin() == null ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        Thread outPump = pump(process.getInputStream(), stdout, command + " (stdout)");
        Thread errPump = pump(process.getErrorStream(), stderr, command + " (stderr)");
        byte[] input = command.stdin();
        if (input != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // the command may exit without reading its input; its exit code tells what happened
            }
        }
        return new ChildProcess(process, outPump, errPump);
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    private static Thread pump(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (from) {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                }
                to.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stream the output of " + name, e);
            }
        }, "sbx-agent pump: " + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static final class ChildProcess implements RunningCommand {
        private final Process process;
        private final Thread outPump;
        private final Thread errPump;

        ChildProcess(Process process, Thread outPump, Thread errPump) {
            this.process = process;
            this.outPump = outPump;
            this.errPump = errPump;
        }

        @Override
        public OptionalInt waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
            // the pumps end once the process's pipes close; children that inherited them may keep
            // them open, so wait only a little
            outPump.join(5000);
            errPump.join(5000);
            return OptionalInt.of(process.exitValue());
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Keeps at most {@code limit} bytes; the rest is counted and dropped. */
    static final class CappedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;
        private long dropped;

        CappedBuffer(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int keep = Math.max(0, Math.min(len, limit - bytes.size()));
            bytes.write(b, off, keep);
            dropped += len - keep;
        }

        synchronized String text() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? text : text + "\n[" + dropped + " more bytes dropped]";
        }
    }
}
