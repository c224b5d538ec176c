package io.jenkins.plugins.sbxagent.engine.bench;

import io.jenkins.plugins.sbxagent.engine.mask.MaskingOutputStream;
import io.jenkins.plugins.sbxagent.engine.mask.SecretEncodings;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): throughput of the streaming secret masker next to two baselines measured
 * in the same run: a memory copy (the floor) and one regular-expression alternation of the quoted
 * literals applied line by line (the common approach). Run with bench/masking.sh.
 *
 * <p>Input: generated log text (plain lines, JSON, base64 blobs, build output) with the secrets of
 * 50 bound values embedded in their encodings about once in 4,000 lines (about 1,000 occurrences in
 * 256 MiB, as in the project's baseline measurements); every encoded form of each secret is a literal.
 */
public final class MaskingBenchmark {
    private MaskingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int secretsCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Random random = new Random(42);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < secretsCount; i++) {
            secrets.add("sk-" + randomText(random, 14 + random.nextInt(30)) + "/+=&?");
        }
        SecretMasker masker = SecretMasker.forSecrets(secrets);
        List<byte[]> literals = new ArrayList<>();
        secrets.forEach(s -> literals.addAll(SecretEncodings.of(s)));
        byte[] input = generate(random, megabytes << 20, secrets);
        System.out.printf("input: %,d bytes of generated log text; %d secrets, %d literals (every encoding)%n", input.length,
                secretsCount, literals.size());

        double copy = best(3, () -> copyFloor(input));
        double ac = best(5, () -> maskAll(masker, input));
        byte[] prefix = linePrefix(input, 4 << 20);
        Pattern alternation = alternation(literals);
        // the regex runs on a prefix (it would take minutes on the whole input), its time scaled up
        double regex = best(2, () -> regexLineByLine(alternation, prefix)) * input.length / prefix.length;

        byte[] masked = run(masker, input);
        byte[] checkPrefix = linePrefix(input, 1 << 20);
        byte[] maskedPrefix = run(masker, checkPrefix);
        byte[] regexPrefix = regexOutput(alternation, checkPrefix);
        System.out.printf("check: masker and a regex reference agree on the %,d-byte prefix: %s; secrets left in masked output: %d%n", checkPrefix.length,
                Arrays.equals(maskedPrefix, regexPrefix) ? "identical (sha " + sha(maskedPrefix) + ")" : "DIFFERENT", leftovers(masked, secrets));
        System.out.printf("%n%-44s %12s %10s%n", "measure", "MB/s", "x regex");
        System.out.printf("%-44s %12.0f %10.0f%n", "memory copy floor (System.arraycopy)", mbps(input.length, copy), regex / copy);
        System.out.printf("%-44s %12.0f %10.0f%n", "sbx-agent masker (q-gram filter + trie)", mbps(input.length, ac), regex / ac);
        System.out.printf("%-44s %12.2f %10.0f%n", "regex alternation, line by line (baseline)", mbps(input.length, regex), 1.0);
        System.out.printf("%nmasker / copy floor: %.2f; the regex ran on a %,d-byte prefix, scaled to the whole input%n", copy / ac, prefix.length);
    }

    interface Timed {
        void run() throws Exception;
    }

    /** Best of n timed runs after one warm-up, in seconds. */
    private static double best(int n, Timed body) throws Exception {
        body.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    private static double mbps(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    private static final byte[] SINK = new byte[64 * 1024];

    private static void copyFloor(byte[] input) {
        for (int offset = 0; offset < input.length; offset += SINK.length) {
            System.arraycopy(input, offset, SINK, 0, Math.min(SINK.length, input.length - offset));
        }
    }

    private static void maskAll(SecretMasker masker, byte[] input) throws IOException {
        try (MaskingOutputStream out = masker.wrap(OutputStream.nullOutputStream())) {
            for (int offset = 0; offset < input.length; offset += 64 * 1024) {
                out.write(input, offset, Math.min(64 * 1024, input.length - offset));
            }
        }
    }

    private static byte[] run(SecretMasker masker, byte[] input) throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream(input.length);
        try (MaskingOutputStream out = masker.wrap(target)) {
            for (int offset = 0; offset < input.length; offset += 64 * 1024) {
                out.write(input, offset, Math.min(64 * 1024, input.length - offset));
            }
        }
        return target.toByteArray();
    }

    private static Pattern alternation(List<byte[]> literals) {
        List<String> quoted = literals.stream().map(l -> new String(l, StandardCharsets.UTF_8)).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList();
        return Pattern.compile(String.join("|", quoted));
    }

    /** The common approach: one alternation, longest literals first, replaceAll on each line. */
    private static void regexLineByLine(Pattern pattern, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8))) {
            Matcher matcher = pattern.matcher("");
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(matcher.reset(line).replaceAll("****").getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }

    private static byte[] regexOutput(Pattern pattern, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8))) {
            Matcher matcher = pattern.matcher("");
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(maskUnion(matcher.reset(line), line).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** The same union semantics as the masker: every match at every position, merged, each run masked once. */
    private static String maskUnion(Matcher matcher, String line) {
        boolean[] covered = new boolean[line.length()];
        boolean any = false;
        for (int start = 0; start < line.length(); start++) {
            matcher.region(start, line.length());
            if (matcher.lookingAt()) {
                Arrays.fill(covered, start, matcher.end(), true);
                any = true;
            }
        }
        if (!any) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            if (!covered[i]) {
                out.append(line.charAt(i));
            } else if (i == 0 || !covered[i - 1]) {
                out.append("****");
            }
        }
        return out.toString();
    }

    private static byte[] linePrefix(byte[] input, int size) {
        int end = Math.min(size, input.length);
        while (end < input.length && input[end - 1] != '\n') {
            end++;
        }
        return Arrays.copyOf(input, end);
    }

    private static long leftovers(byte[] masked, List<String> secrets) {
        String text = new String(masked, StandardCharsets.UTF_8);
        return secrets.stream().filter(text::contains).count();
    }

    private static byte[] generate(Random random, int size, List<String> secrets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 4096);
        String[] build = {"[INFO] Building module ", "npm WARN deprecated ", "Step 4/9 : RUN apt-get install -y ", "cc -O2 -c src/",
            "    at org.example.Service.handle(Service.java:"};
        while (out.size() < size) {
            int kind = random.nextInt(4000) == 0 ? 100 : random.nextInt(100);
            String line;
            if (kind < 50) {
                line = "2026-11-26T12:00:00Z INFO request " + random.nextInt(100000) + " served in " + random.nextInt(900) + " ms "
                        + randomText(random, 20 + random.nextInt(60));
            } else if (kind < 70) {
                line = "{\"event\":\"tool_use\",\"id\":\"" + randomText(random, 12) + "\",\"input\":{\"path\":\"src/" + randomText(random, 8)
                        + ".java\"}}";
            } else if (kind < 80) {
                line = Base64.getEncoder().encodeToString(randomText(random, 30 + random.nextInt(300)).getBytes(StandardCharsets.UTF_8));
            } else if (kind < 100) {
                line = build[random.nextInt(build.length)] + randomText(random, 10 + random.nextInt(40));
            } else {
                String secret = secrets.get(random.nextInt(secrets.size()));
                List<byte[]> forms = SecretEncodings.of(secret);
                line = "Authorization: Bearer " + new String(forms.get(random.nextInt(forms.size())), StandardCharsets.UTF_8) + " end";
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String sha(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 8);
    }
}
