package io.jenkins.plugins.sbxagent.engine.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** Starts commands as child processes of this JVM. */
public final class ProcessCommandRunner implements CommandRunner {
    /** Captured output beyond this is dropped: short commands print little, and memory stays bounded. */
    private static final int CAPTURE_LIMIT = 4 * 1024 * 1024;
    /** How long the output may still be passed on once the command ended: a slow reader, or children that inherited its pipes. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final Duration drain;

    public ProcessCommandRunner() {
        this(DRAIN);
    }

    /** @param drain how long to wait for the output once the command ended (tests shorten it) */
    ProcessCommandRunner(Duration drain) {
        this.drain = drain;
    }

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
            List<String> problems = running.outputProblems();
            String stderr = problems.isEmpty() ? err.text() : err.text() + "\n[output cut: " + String.join("; ", problems) + "]";
            return new CommandResult(command, code.getAsInt(), out.text(), stderr);
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
        Pump outPump = new Pump(process.getInputStream(), stdout, "stdout", command.toString());
        Pump errPump = new Pump(process.getErrorStream(), stderr, "stderr", command.toString());
        byte[] input = command.stdin();
        if (input != null) {
            // on a thread of its own: a command that reads its input late (or never) must not hold the caller past a pipe's 64 KiB
            Thread writer = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(input);
                } catch (IOException e) {
                    // the command may exit without reading its input; its exit code tells what happened
                }
            }, "sbx-agent stdin: " + command);
            writer.setDaemon(true);
            writer.start();
        }
        return new ChildProcess(process, outPump, errPump, drain);
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /**
     * Passes one of the command's streams on as it comes, and remembers why it stopped early, if it did. Once
     * the wait for it is over, nothing more reaches the sink: its owner may close it (a masking stream must
     * never see a late write racing its close).
     */
    private static final class Pump {
        private final String stream;
        private final Thread thread;
        private final ReentrantLock gate = new ReentrantLock();
        private boolean open = true;
        private volatile boolean done;
        private volatile String failure;

        Pump(InputStream from, OutputStream to, String stream, String command) {
            this.stream = stream;
            this.thread = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (from) {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        gate.lock();
                        try {
                            if (!open) {
                                return;
                            }
                            to.write(buffer, 0, n);
                        } finally {
                            gate.unlock();
                        }
                    }
                    gate.lock();
                    try {
                        if (open) {
                            to.flush();
                            done = true;
                        }
                    } finally {
                        gate.unlock();
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }, "sbx-agent pump: " + command + " (" + stream + ")");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits for the stream's end, then closes the gate; says how the stream was cut, or null when all of it passed. */
        String finish(long millis, Duration drain) throws InterruptedException {
            thread.join(Math.max(1, millis));
            boolean cut = true;
            // a write in progress may end within the drain time; one that does not is the sink's to finish, alone
            if (gate.tryLock(Math.max(1, millis), TimeUnit.MILLISECONDS)) {
                try {
                    open = false;
                    cut = !done;
                } finally {
                    gate.unlock();
                }
            }
            if (failure != null) {
                return stream + " could not be passed on (" + failure + "); the rest of it is lost";
            }
            return cut ? stream + " was still being passed on " + drain.toMillis() + " ms after the command ended (a slow reader, or a"
                    + " process it started holding the stream); the rest is not kept" : null;
        }
    }

    private static final class ChildProcess implements RunningCommand {
        private final Process process;
        private final Pump outPump;
        private final Pump errPump;
        private final Duration drain;
        private final List<String> problems = new ArrayList<>();

        ChildProcess(Process process, Pump outPump, Pump errPump, Duration drain) {
            this.process = process;
            this.outPump = outPump;
            this.errPump = errPump;
            this.drain = drain;
        }

        @Override
        public OptionalInt waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
            long deadline = System.nanoTime() + drain.toNanos();
            for (Pump pump : List.of(outPump, errPump)) {
                String problem = pump.finish(Math.max(0, (deadline - System.nanoTime()) / 1_000_000), drain);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            return OptionalInt.of(process.exitValue());
        }

        @Override
        public List<String> outputProblems() {
            return List.copyOf(problems);
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
