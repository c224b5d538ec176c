package io.jenkins.plugins.sbxagent.engine.spec;

import java.time.Duration;

/**
 * Resource limits of one run. Every one has a safe default, see {@link #defaults()}.
 *
 * @param timeout       wall-clock time the agent may run before the sandbox is killed
 * @param cpus          CPUs the sandbox may use (Docker's {@code --cpus})
 * @param memoryBytes   memory the sandbox may use; swap is not added
 * @param pids          processes and threads the sandbox may have at once
 * @param logBytes      bytes of agent output kept in {@code agent.log}; the rest is counted and dropped
 * @param readBytes     largest file {@code --read} copies back
 * @param tmpfsBytes    size of the sandbox's {@code /tmp}
 * @param fileBytes     largest file the agent may write
 */
public record Limits(Duration timeout, double cpus, long memoryBytes, int pids, long logBytes, long readBytes, long tmpfsBytes,
        long fileBytes) implements java.io.Serializable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public Limits {
        require("--timeout", timeout.compareTo(Duration.ofSeconds(1)) >= 0 && timeout.compareTo(Duration.ofDays(1)) <= 0,
                "must lie between 1 second and 24 hours, was " + timeout + ".");
        // Docker reads --cpus 0.00 as "no limit": anything that would print as that is refused
        require("--cpus", cpus >= 0.01 && cpus <= 256, "must lie between 0.01 and 256, was " + cpus + ".");
        require("--memory", memoryBytes >= 16L << 20, "must be at least 16m, was " + memoryBytes + " bytes.");
        require("--pids", pids >= 16 && pids <= 65536, "must lie between 16 and 65536, was " + pids + ".");
        require("--max-log-bytes", logBytes >= 1024, "must be at least 1024, was " + logBytes + ".");
        require("--max-read-bytes", readBytes >= 1, "must be at least 1, was " + readBytes + ".");
        require("--tmpfs-size", tmpfsBytes >= 1L << 20, "must be at least 1m, was " + tmpfsBytes + " bytes.");
        require("--max-file-size", fileBytes >= 1L << 20, "must be at least 1m, was " + fileBytes + " bytes.");
    }

    private static void require(String field, boolean ok, String problem) {
        if (!ok) {
            throw new SpecException(field, problem, "Give a value in that range, or leave the option out for its default.");
        }
    }

    /** 30 minutes, 2 CPUs, 4 GiB, 1024 processes, 64 MiB of log, 16 MiB per read file, 1 GiB of /tmp, files up to 1 GiB. */
    public static Limits defaults() {
        return new Limits(DEFAULT_TIMEOUT, 2.0, 4L << 30, 1024, 64L << 20, 16L << 20, 1L << 30, 1L << 30);
    }

    public Limits withTimeout(Duration value) {
        return new Limits(value, cpus, memoryBytes, pids, logBytes, readBytes, tmpfsBytes, fileBytes);
    }

    public Limits withCpus(double value) {
        return new Limits(timeout, value, memoryBytes, pids, logBytes, readBytes, tmpfsBytes, fileBytes);
    }

    public Limits withMemoryBytes(long value) {
        return new Limits(timeout, cpus, value, pids, logBytes, readBytes, tmpfsBytes, fileBytes);
    }

    public Limits withPids(int value) {
        return new Limits(timeout, cpus, memoryBytes, value, logBytes, readBytes, tmpfsBytes, fileBytes);
    }

    public Limits withLogBytes(long value) {
        return new Limits(timeout, cpus, memoryBytes, pids, value, readBytes, tmpfsBytes, fileBytes);
    }

    public Limits withReadBytes(long value) {
        return new Limits(timeout, cpus, memoryBytes, pids, logBytes, value, tmpfsBytes, fileBytes);
    }

    public Limits withFileBytes(long value) {
        return new Limits(timeout, cpus, memoryBytes, pids, logBytes, readBytes, tmpfsBytes, value);
    }

    public Limits withTmpfsBytes(long value) {
        return new Limits(timeout, cpus, memoryBytes, pids, logBytes, readBytes, value, fileBytes);
    }

    /**
     * Parses a size such as {@code 512m}, {@code 4g} or {@code 1048576}.
     *
     * @param field the option the value came from, for the error message
     */
    public static long parseSize(String field, String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> unit = 1;
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number < 0 || number > Long.MAX_VALUE / unit) {
                throw new NumberFormatException(text);
            }
            return number * unit;
        } catch (NumberFormatException e) {
            throw new SpecException(field, "'" + text + "' is not a size.", "Write a whole number with an optional k, m or g, e.g. 512m.");
        }
    }
}
