package io.jenkins.plugins.sbxagent.engine.bench;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.review.ReviewPage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark (not a test): {@code review.html} of a run with a large diff and a long conversation, next to reading
 * the same artifacts as text in the same run, with the heap's peak use after each. Run by
 * {@code bench/review-page.sh}, with a heap cap so that a page that held its input would fail.
 */
public final class ReviewPageBenchmark {
    private ReviewPageBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Path outputs = Files.createTempDirectory("sbx-review-bench-");
        try {
            long diffBytes = writeDiff(outputs.resolve(RunOutputs.DIFF), megabytes * 1_000_000L);
            long eventBytes = writeEvents(outputs.resolve(RunOutputs.EVENTS), events);
            Files.writeString(outputs.resolve(RunOutputs.USAGE), "{\"agent\":\"claude\",\"turns\":" + events + "}");
            Files.writeString(outputs.resolve(RunOutputs.AUDIT), "{\"tenant\":\"bench\",\"runId\":\"r\",\"outcome\":\"succeeded\"}");
            System.out.printf(Locale.ROOT, "input: diff.patch %.1f MB, events.jsonl %.1f MB (%d events); heap cap %d MiB%n", diffBytes / 1e6,
                    eventBytes / 1e6, events, Runtime.getRuntime().maxMemory() >> 20);
            for (int round = 1; round <= 3; round++) {
                resetPeaks();
                long start = System.nanoTime();
                long characters = read(outputs.resolve(RunOutputs.DIFF)) + read(outputs.resolve(RunOutputs.EVENTS));
                long copyNanos = System.nanoTime() - start;
                long copyPeak = heapPeak();
                resetPeaks();
                start = System.nanoTime();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(outputs.resolve(RunOutputs.REVIEW)))) {
                    ReviewPage.write(outputs, out);
                }
                long pageNanos = System.nanoTime() - start;
                long pagePeak = heapPeak();
                System.out.printf(Locale.ROOT, "round %d: review.html %.0f ms (%.1f MB written), heap peak %d MiB;"
                                + " baseline (reading the inputs as UTF-8 text, %d characters) %.0f ms, heap peak %d MiB; ratio %.2fx%n", round,
                        pageNanos / 1e6, Files.size(outputs.resolve(RunOutputs.REVIEW)) / 1e6, pagePeak >> 20, characters, copyNanos / 1e6,
                        copyPeak >> 20, (double) pageNanos / copyNanos);
            }
        } finally {
            try (var files = Files.walk(outputs)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** A patch of many files of many lines, and one file that is a single long line. */
    private static long writeDiff(Path file, long bytes) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long written = 0;
            int index = 0;
            byte[] line = ("+    return compute(value, offset) + other.compute(value, offset); // generated line\n").getBytes(StandardCharsets.UTF_8);
            while (written < bytes * 9 / 10) {
                byte[] header = ("diff --git a/src/f" + index + ".java b/src/f" + index + ".java\n--- a/src/f" + index + ".java\n+++ b/src/f"
                        + index + ".java\n@@ -1,0 +1,5000 @@\n").getBytes(StandardCharsets.UTF_8);
                out.write(header);
                written += header.length;
                for (int i = 0; i < 5_000; i++) {
                    out.write(line);
                }
                written += 5_000L * line.length;
                index++;
            }
            byte[] header = "diff --git a/dist/app.min.js b/dist/app.min.js\n+++ b/dist/app.min.js\n@@ -0,0 +1 @@\n+".getBytes(StandardCharsets.UTF_8);
            out.write(header);
            byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (long rest = bytes - written - header.length; rest > 0; rest -= chunk.length) {
                out.write(chunk);
            }
            out.write('\n');
        }
        return Files.size(file);
    }

    private static long writeEvents(Path file, int events) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < events; i++) {
                out.write(("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":"
                        + "\"make test " + i + "\"}}]}}\n{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":\""
                        + "ok ".repeat(200) + "\"}]}}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return Files.size(file);
    }

    /** What any page of these inputs must do at least: decode them, a buffer at a time. */
    private static long read(Path file) throws IOException {
        long characters = 0;
        char[] buffer = new char[1 << 16];
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                characters += n;
            }
        }
        return characters;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of what was live at once. */
    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
