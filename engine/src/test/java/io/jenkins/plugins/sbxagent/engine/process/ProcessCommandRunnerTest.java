package io.jenkins.plugins.sbxagent.engine.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Real child processes: every way their output can be cut is reported, never swallowed. */
class ProcessCommandRunnerTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofMillis(300));

    @Test
    void shouldReportNothingWhenAllOfTheOutputArrived() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RunningCommand running = runner.start(Command.of(MINUTE, "sh", "-c", "echo one; echo two >&2"), out, new ByteArrayOutputStream())) {
            assertThat(running.waitFor(MINUTE)).isEqualTo(OptionalInt.of(0));
            assertThat(running.outputProblems()).isEmpty();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\n");
    }

    @Test
    void shouldReportAStreamThatCouldNotBePassedOn() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        try (RunningCommand running = runner.start(Command.of(MINUTE, "sh", "-c", "echo lost"), broken, new ByteArrayOutputStream())) {
            assertThat(running.waitFor(MINUTE)).isEqualTo(OptionalInt.of(0));
            assertThat(running.outputProblems()).singleElement().asString().startsWith("stdout could not be passed on (IOException: disk full)");
        }
    }

    @Test
    void shouldReportOutputStillBeingPassedOnWhenTheWaitEnds() throws Exception {
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        // the first line takes the sink 3 s; the command has ended long before, and the drain is 300 ms
        try (RunningCommand running = runner.start(Command.of(MINUTE, "sh", "-c", "echo one; sleep 0.2; echo two"), slow,
                new ByteArrayOutputStream())) {
            assertThat(running.waitFor(MINUTE)).isEqualTo(OptionalInt.of(0));
            assertThat(running.outputProblems()).singleElement().asString()
                    .startsWith("stdout was still being passed on 300 ms after the command ended");
        }
    }

    @Test
    void shouldNotHoldTheCallerWhileACommandLeavesItsLargeInputUnread() throws Exception {
        byte[] input = new byte[1 << 20];
        Command unread = Command.of(MINUTE, "sleep", "30").withStdin(input);

        RunningCommand running = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> runner.start(unread, new ByteArrayOutputStream(),
                new ByteArrayOutputStream()), "start() must return while the command has not read its 1 MiB of input");
        running.kill();
    }
}
