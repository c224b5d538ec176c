package io.jenkins.plugins.sbxagent.engine.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One host command: an argument vector (never a shell string), extra environment, a timeout and
 * optional bytes for its standard input.
 *
 * <p>Values that must stay secret travel in {@link #environment()} or {@link #stdin()}, never in
 * {@link #argv()}: anyone on the host can read another process's argument vector.
 *
 * @param argv        the program and its arguments
 * @param environment variables added to (or replacing) the runner's own environment
 * @param directory   working directory, or {@code null} for the runner's
 * @param timeout     how long the command may run before it is killed
 * @param stdin       bytes written to standard input, or {@code null} for none
 */
public record Command(List<String> argv, Map<String, String> environment, Path directory, Duration timeout, byte[] stdin) {
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        stdin = stdin == null ? null : stdin.clone();
    }

    /** A command with no extra environment, no input, run in the current directory. */
    public static Command of(Duration timeout, List<String> argv) {
        return new Command(argv, Map.of(), null, timeout, null);
    }

    /** A command with no extra environment, no input, run in the current directory. */
    public static Command of(Duration timeout, String... argv) {
        return of(timeout, List.of(argv));
    }

    public Command withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(extra);
        return new Command(argv, merged, directory, timeout, stdin);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, environment, directory, timeout, input);
    }

    public Command withDirectory(Path dir) {
        return new Command(argv, environment, dir, timeout, stdin);
    }

    public Command withArguments(List<String> more) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(more);
        return new Command(all, environment, directory, timeout, stdin);
    }

    @Override
    public byte[] stdin() {
        return stdin == null ? null : stdin.clone();
    }

    /** The argument vector for messages; the environment is left out since it may hold secrets. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Command that && argv.equals(that.argv) && environment.equals(that.environment)
                && Objects.equals(directory, that.directory) && timeout.equals(that.timeout)
                && java.util.Arrays.equals(stdin, that.stdin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, environment, directory, timeout, java.util.Arrays.hashCode(stdin));
    }
}
