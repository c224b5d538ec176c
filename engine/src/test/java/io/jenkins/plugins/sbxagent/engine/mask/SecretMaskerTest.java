package io.jenkins.plugins.sbxagent.engine.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    private static final String SECRET = "hunter2-XYZ-token";
    /** Holds '>' and '?', whose base64 has '+' and '/' (base64url: '-' and '_'), and '~', which URL encoding keeps. */
    private static final String BASE64_SECRET = "pass>>>???word~~~";
    /** Holds every character that URL encoding or JSON escaping changes. */
    private static final String SPECIAL_SECRET = "p@ss w/rd&é\"q\\z\n\t=+%";

    @Test
    void shouldMaskPlainSecretInText() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));

        assertThat(masker.mask("login with " + SECRET + " now")).isEqualTo("login with **** now");
    }

    @Test
    void shouldMaskEveryOccurrenceOfTheSecret() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));

        assertThat(masker.mask(SECRET + "\n" + SECRET + " and " + SECRET)).isEqualTo("****\n**** and ****");
    }

    @Test
    void shouldMaskBase64OfSecretAtEveryAlignment() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(BASE64_SECRET));
        byte[] secret = BASE64_SECRET.getBytes(StandardCharsets.UTF_8);

        for (int prefixLength = 0; prefixLength <= 2; prefixLength++) {
            for (int suffixLength = 0; suffixLength <= 2; suffixLength++) {
                byte[] whole = concat("xyz".substring(0, prefixLength).getBytes(StandardCharsets.US_ASCII), secret,
                        "!?#".substring(0, suffixLength).getBytes(StandardCharsets.US_ASCII));
                String encoded = Base64.getEncoder().encodeToString(whole);
                String determined = secretOnlyBase64(encoded, prefixLength, secret.length);

                String masked = masker.mask("payload: " + encoded + " end");

                assertThat(determined).as("prefix %d suffix %d", prefixLength, suffixLength).hasSizeGreaterThan(10);
                assertThat(masked).as("prefix %d suffix %d: %s", prefixLength, suffixLength, encoded)
                        .doesNotContain(determined)
                        .contains("****")
                        .startsWith("payload: ")
                        .endsWith(" end");
            }
        }
    }

    @Test
    void shouldMaskBase64UrlOfSecretAtEveryAlignment() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(BASE64_SECRET));
        byte[] secret = BASE64_SECRET.getBytes(StandardCharsets.UTF_8);

        for (int prefixLength = 0; prefixLength <= 2; prefixLength++) {
            byte[] whole = concat("xyz".substring(0, prefixLength).getBytes(StandardCharsets.US_ASCII), secret, new byte[0]);
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(whole);
            String determined = secretOnlyBase64(encoded, prefixLength, secret.length);

            String masked = masker.mask("?state=" + encoded + "&x=1");

            assertThat(determined).containsAnyOf("-", "_");
            assertThat(masked).as("prefix %d: %s", prefixLength, encoded).doesNotContain(determined).contains("****");
        }
    }

    @Test
    void shouldMaskLowerCaseHexOfSecret() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));
        String hex = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(masker.mask("hex=" + hex + ";")).isEqualTo("hex=****;");
    }

    @Test
    void shouldMaskUpperCaseHexOfSecret() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));
        String hex = HexFormat.of().withUpperCase().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(hex).isNotEqualTo(hex.toLowerCase(java.util.Locale.ROOT));
        assertThat(masker.mask("HEX=" + hex + ";")).isEqualTo("HEX=****;");
    }

    @Test
    void shouldMaskUrlEncodedSecret() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SPECIAL_SECRET));
        String encoded = URLEncoder.encode(SPECIAL_SECRET, StandardCharsets.UTF_8);

        String masked = masker.mask("https://host/login?user=me&password=" + encoded + "&next=%2F");

        assertThat(encoded).isNotEqualTo(SPECIAL_SECRET);
        assertThat(masked).isEqualTo("https://host/login?user=me&password=****&next=%2F");
    }

    @Test
    void shouldMaskThePercentEncodingOfEachCommonRuntime() {
        String secret = "k~e*y!'(v)/a l;u=e";
        SecretMasker masker = SecretMasker.forSecrets(List.of(secret));

        // Java's URLEncoder; Python's quote (safe '/') and quote(safe=''); JavaScript's encodeURIComponent; lower-case hex;
        // every byte encoded, as a shell's od | sed writes it
        for (String encoded : List.of("k%7Ee*y%21%27%28v%29%2Fa+l%3Bu%3De", "k~e%2Ay%21%27%28v%29/a%20l%3Bu%3De",
                "k~e%2Ay%21%27%28v%29%2Fa%20l%3Bu%3De", "k~e*y!'(v)%2Fa%20l%3Bu%3De", "k%7ee*y%21%27%28v%29%2fa+l%3bu%3de",
                SecretEncodings.everyBytePercentEncoded(secret.getBytes(StandardCharsets.UTF_8), false))) {
            assertThat(masker.mask("?q=" + encoded + "&n=1")).as(encoded).isEqualTo("?q=****&n=1");
        }
    }

    @Test
    void shouldMaskBase64WrappedAsCoreutilsMimeAndOpensslWriteIt() {
        String secret = "a-long-secret-" + "x".repeat(60) + "~!'()*";
        String base64 = java.util.Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        SecretMasker masker = SecretMasker.forSecrets(List.of(secret));

        for (String wrapped : List.of(SecretEncodings.wrapped(base64, 76, "\n"), SecretEncodings.wrapped(base64, 76, "\r\n"),
                SecretEncodings.wrapped(base64, 64, "\n"))) {
            assertThat(wrapped).contains("\n");
            assertThat(masker.mask("begin\n" + wrapped + "\nend")).isEqualTo("begin\n****\nend");
        }
    }

    @Test
    void shouldMaskUrlEncodedSecretWithSpacesAsPercentTwenty() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SPECIAL_SECRET));
        String encoded = URLEncoder.encode(SPECIAL_SECRET, StandardCharsets.UTF_8).replace("+", "%20");

        assertThat(masker.mask("path/" + encoded + "/x")).isEqualTo("path/****/x");
    }

    @Test
    void shouldMaskJsonEscapedSecretAsJacksonWritesIt() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SPECIAL_SECRET));
        String json = new ObjectMapper().writeValueAsString(SPECIAL_SECRET);
        String escaped = json.substring(1, json.length() - 1);

        String masked = masker.mask("{\"token\":" + json + ",\"n\":1}");

        assertThat(escaped).isNotEqualTo(SPECIAL_SECRET);
        assertThat(masked).isEqualTo("{\"token\":\"****\",\"n\":1}");
    }

    @Test
    void shouldMaskJsonEscapedSecretWithControlCharacterAsJacksonWritesIt() throws IOException {
        // Jackson writes control characters as short escapes (backspace) or as six-character escapes with upper-case hex digits
        String secret = "esc\u001b-bell\u0007-back\b-tail";
        SecretMasker masker = SecretMasker.forSecrets(List.of(secret));
        String json = new ObjectMapper().writeValueAsString(secret);

        String masked = masker.mask("{\"token\":" + json + "}");

        assertThat(masked).isEqualTo("{\"token\":\"****\"}");
    }

    @Test
    void shouldMaskJsonEscapedSecretWhenJacksonEscapesNonAscii() throws IOException {
        String secret = "mot-de-passe-élevé";
        SecretMasker masker = SecretMasker.forSecrets(List.of(secret));
        String json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build().writeValueAsString(secret);

        String masked = masker.mask("{\"token\":" + json + "}");

        assertThat(json).contains("\\u00");
        assertThat(masked).isEqualTo("{\"token\":\"****\"}");
    }

    @Test
    void shouldMaskEveryLiteralOfSecretEncodings() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SPECIAL_SECRET));

        for (byte[] literal : SecretEncodings.of(SPECIAL_SECRET)) {
            byte[] input = concat("<<".getBytes(StandardCharsets.US_ASCII), literal, ">>".getBytes(StandardCharsets.US_ASCII));

            assertThat(maskBytes(masker, input)).as(new String(literal, StandardCharsets.UTF_8)).isEqualTo("<<****>>".getBytes(
                    StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldLeaveNoByteOfOverlappingSecrets() {
        SecretMasker masker = SecretMasker.forSecrets(List.of("abcdefgh", "efghijkl"));

        assertThat(masker.mask("xx abcdefghijkl yy")).isEqualTo("xx **** yy");
    }

    @Test
    void shouldLeaveNoByteOfSecretContainedInAnother() {
        SecretMasker masker = SecretMasker.forSecrets(List.of("0123456789", "3456"));

        assertThat(masker.mask("a 0123456789 b 3456 c")).isEqualTo("a **** b **** c");
    }

    @Test
    void shouldMaskAdjacentSecretsAsOneRun() {
        SecretMasker masker = SecretMasker.forSecrets(List.of("abcdefgh", "ijklmnop"));

        assertThat(masker.mask("xx abcdefghijklmnop yy")).isEqualTo("xx **** yy");
        assertThat(masker.mask("xx ijklmnopabcdefgh yy")).isEqualTo("xx **** yy");
    }

    @Test
    void shouldMaskSelfOverlappingRepetitionsOfSecret() {
        SecretMasker masker = SecretMasker.forSecrets(List.of("abab"));

        assertThat(masker.mask("x ababababa y aba")).isEqualTo("x ****a y aba");
    }

    @Test
    void shouldPassTextWithoutSecretsThroughByteIdentical() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET, SPECIAL_SECRET));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.write("near misses: hunter2-XYZ-toke hunter2-XYZ-tokeN unter2-XYZ-token\n".getBytes(StandardCharsets.UTF_8));
        text.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0xe2, (byte) 0x82, 0x0a, 0x00, (byte) 0x80});
        text.write("\r\nçà et là, ✓, 😀\n".getBytes(StandardCharsets.UTF_8));
        byte[] random = new byte[5000];
        new Random(7).nextBytes(random);
        text.write(random);
        text.write("hunter2-XYZ-tok".getBytes(StandardCharsets.UTF_8)); // a secret's beginning at the very end
        byte[] input = text.toByteArray();

        assertThat(maskBytes(masker, input)).isEqualTo(input);
        for (int chunk = 1; chunk <= 17; chunk++) {
            assertThat(maskInChunks(masker, input, chunk)).as("chunk %d", chunk).isEqualTo(input);
        }
    }

    @Test
    void shouldGiveSameOutputWhateverTheChunkSize() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET, "abcdefgh", "efghijkl"));
        String hex = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));
        byte[] input = ("start " + SECRET + " middle " + SECRET + SECRET + " x abcdefghijkl " + hex + " hunter2-XYZ-toke"
                + " abcdefg" + " end " + SECRET).getBytes(StandardCharsets.UTF_8);
        byte[] expected = "start **** middle **** x **** **** hunter2-XYZ-toke abcdefg end ****".getBytes(StandardCharsets.UTF_8);

        byte[] oneShot = maskBytes(masker, input);

        assertThat(oneShot).isEqualTo(expected);
        assertThat(masker.mask(new String(input, StandardCharsets.UTF_8))).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        for (int chunk = 1; chunk <= 17; chunk++) {
            assertThat(maskInChunks(masker, input, chunk)).as("chunk %d", chunk).isEqualTo(oneShot);
        }
    }

    @Test
    void shouldMaskSecretWrittenOneByteAtATimeWithWriteInt() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));
        ByteArrayOutputStream target = new ByteArrayOutputStream();

        try (MaskingOutputStream masking = masker.wrap(target)) {
            for (byte b : ("<" + SECRET + ">").getBytes(StandardCharsets.UTF_8)) {
                masking.write(b);
            }
        }

        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("<****>");
    }

    @Test
    void shouldNeverEmitPartOfSecretOnFlush() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of("abcdef"));
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MaskingOutputStream masking = masker.wrap(target);

        masking.write("log: abc".getBytes(StandardCharsets.US_ASCII));
        masking.flush();

        assertThat(target.toString(StandardCharsets.US_ASCII)).doesNotContain("a").isEqualTo("log: ");

        masking.write("def!".getBytes(StandardCharsets.US_ASCII));
        masking.flush();
        masking.close();

        assertThat(target.toString(StandardCharsets.US_ASCII)).isEqualTo("log: ****!");
    }

    @Test
    void shouldHoldMaskedRunUntilItCannotGrowAnyMore() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of("abcdef", "defghi"));
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MaskingOutputStream masking = masker.wrap(target);

        masking.write("abcdefgh".getBytes(StandardCharsets.US_ASCII));
        masking.flush();

        assertThat(target.toString(StandardCharsets.US_ASCII)).doesNotContain("g", "h");

        masking.write("i.".getBytes(StandardCharsets.US_ASCII));
        masking.close();

        assertThat(target.toString(StandardCharsets.US_ASCII)).isEqualTo("****.");
    }

    @Test
    void shouldPassFlushOnToTarget() throws IOException {
        FlushCountingStream target = new FlushCountingStream();
        MaskingOutputStream masking = SecretMasker.forSecrets(List.of("abcdef")).wrap(target);

        masking.write("abc".getBytes(StandardCharsets.US_ASCII));
        masking.flush();

        assertThat(target.flushes).isEqualTo(1);
        assertThat(target.bytes.size()).isZero();
    }

    @Test
    void shouldEmitHeldTailOnClose() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of("abcdef"));
        FlushCountingStream target = new FlushCountingStream();
        MaskingOutputStream masking = masker.wrap(target);

        masking.write("end abcde".getBytes(StandardCharsets.US_ASCII));
        assertThat(target.bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("end ");

        masking.close();

        assertThat(target.bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("end abcde");
        assertThat(target.closed).isTrue();
    }

    @Test
    void shouldIgnoreSecondCloseAndRefuseWritesAfterClose() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MaskingOutputStream masking = SecretMasker.forSecrets(List.of("abcdef")).wrap(target);
        masking.write("x abcdef".getBytes(StandardCharsets.US_ASCII));

        masking.close();
        masking.close();

        assertThat(target.toString(StandardCharsets.US_ASCII)).isEqualTo("x ****");
        assertThatThrownBy(() -> masking.write('y')).isInstanceOf(IOException.class);
    }

    @Test
    void shouldCountMaskedOccurrences() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));
        byte[] raw = SECRET.getBytes(StandardCharsets.UTF_8);
        String text = SECRET + " " + HexFormat.of().formatHex(raw) + " " + HexFormat.of().withUpperCase().formatHex(raw)
                + " nothing here " + SECRET + SECRET;
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MaskingOutputStream masking = masker.wrap(target);

        masking.write(text.getBytes(StandardCharsets.UTF_8));
        masking.close();

        assertThat(masking.matches()).isEqualTo(5);
        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("**** **** **** nothing here ****");
    }

    @Test
    void shouldCountNoMatchesInCleanText() throws IOException {
        MaskingOutputStream masking = SecretMasker.forSecrets(List.of(SECRET)).wrap(OutputStream.nullOutputStream());

        masking.write("all clean".getBytes(StandardCharsets.US_ASCII));
        masking.close();

        assertThat(masking.matches()).isZero();
    }

    @Test
    void shouldPassEverythingThroughWhenThereAreNoSecrets() throws IOException {
        SecretMasker masker = SecretMasker.forSecrets(List.of());
        byte[] input = {'a', (byte) 0xff, 0, '*', '\n', (byte) 0xc3};
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MaskingOutputStream masking = masker.wrap(target);

        masking.write(input);

        assertThat(masker.isEmpty()).isTrue();
        assertThat(target.toByteArray()).as("written at once, nothing held").isEqualTo(input);
        assertThat(masker.mask("any text")).isEqualTo("any text");
        assertThat(masker.containsSecret("any text")).isFalse();
        masking.close();
        assertThat(target.toByteArray()).isEqualTo(input);
        assertThat(masking.matches()).isZero();
    }

    @Test
    void shouldNotMaskPlainSecretsTooShortToMaskSafely() {
        assertThat(SecretMasker.forSecrets(List.of("")).isEmpty()).isTrue();
        assertThat(SecretMasker.forSecrets(List.of("", "ab", "xyz")).mask("ab xyz abxyz")).isEqualTo("ab xyz abxyz");
    }

    @Test
    void shouldTellWhetherTextContainsSecret() {
        SecretMasker masker = SecretMasker.forSecrets(List.of(SECRET));
        String base64 = Base64.getEncoder().encodeToString(("k=" + SECRET).getBytes(StandardCharsets.UTF_8));

        assertThat(masker.containsSecret("the " + SECRET + " leaked")).isTrue();
        assertThat(masker.containsSecret("encoded " + base64)).isTrue();
        assertThat(masker.containsSecret("hunter2-XYZ-toke is not it")).isFalse();
        assertThat(masker.containsSecret("")).isFalse();
    }

    @Test
    void shouldMaskExactLiteralsOnly() {
        SecretMasker masker = SecretMasker.forLiterals(List.of("abc".getBytes(StandardCharsets.US_ASCII)));

        assertThat(masker.mask("abc YWJj 616263")).isEqualTo("**** YWJj 616263");
    }

    @Test
    void shouldNeverLeakRandomlyPlacedSecrets() throws IOException {
        Random random = new Random(20240611L);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\t.,:;-_=/+%\"\\éü€";
        for (int round = 0; round < 200; round++) {
            List<String> secrets = new ArrayList<>();
            for (int s = 1 + random.nextInt(4); s > 0; s--) {
                secrets.add(randomString(random, alphabet, 8 + random.nextInt(12)));
            }
            SecretMasker masker = SecretMasker.forSecrets(secrets);
            List<byte[]> literals = new ArrayList<>();
            secrets.forEach(secret -> literals.addAll(SecretEncodings.of(secret)));
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            ByteArrayOutputStream withoutSecrets = new ByteArrayOutputStream();
            for (int piece = random.nextInt(10); piece >= 0; piece--) {
                byte[] text = randomString(random, alphabet, random.nextInt(40)).getBytes(StandardCharsets.UTF_8);
                input.write(text);
                withoutSecrets.write(text);
                byte[] literal = literals.get(random.nextInt(literals.size()));
                input.write(literal);
                // a separator, so that no two pieces form a literal across their border
                input.write('|');
                withoutSecrets.write('|');
            }

            byte[] output = maskBytes(masker, input.toByteArray());

            String description = "round " + round + " secrets " + secrets;
            for (byte[] literal : literals) {
                assertThat(indexOf(output, literal)).as(description).isEqualTo(-1);
            }
            String outputText = new String(output, StandardCharsets.UTF_8);
            assertThat(outputText.replace("****", "")).as(description).isEqualTo(withoutSecrets.toString(StandardCharsets.UTF_8));
            assertThat(maskInChunks(masker, input.toByteArray(), 1 + random.nextInt(17))).as(description).isEqualTo(output);
        }
    }

    @Test
    void shouldMaskExactlyTheUnionOfAllOccurrencesOfOverlappingLiterals() throws IOException {
        Random random = new Random(99L);
        for (int round = 0; round < 500; round++) {
            List<byte[]> literals = new ArrayList<>();
            for (int l = 1 + random.nextInt(4); l > 0; l--) {
                literals.add(randomString(random, "abc", 2 + random.nextInt(5)).getBytes(StandardCharsets.US_ASCII));
            }
            byte[] input = randomString(random, "abcd", random.nextInt(60)).getBytes(StandardCharsets.US_ASCII);
            SecretMasker masker = SecretMasker.forLiterals(literals);

            byte[] expected = referenceMask(input, literals);

            String description = "round " + round + " literals "
                    + literals.stream().map(l -> new String(l, StandardCharsets.US_ASCII)).toList() + " input "
                    + new String(input, StandardCharsets.US_ASCII);
            assertThat(new String(maskBytes(masker, input), StandardCharsets.US_ASCII)).as(description)
                    .isEqualTo(new String(expected, StandardCharsets.US_ASCII));
            for (int chunk = 1; chunk <= 5; chunk++) {
                assertThat(new String(maskInChunks(masker, input, chunk), StandardCharsets.US_ASCII)).as(description + " chunk " + chunk)
                        .isEqualTo(new String(expected, StandardCharsets.US_ASCII));
            }
        }
    }

    /** Marks every byte of every occurrence, then replaces each run of marked bytes with the mask. */
    private static byte[] referenceMask(byte[] input, List<byte[]> literals) {
        boolean[] covered = new boolean[input.length];
        for (byte[] literal : literals) {
            for (int start = 0; start + literal.length <= input.length; start++) {
                if (Arrays.equals(input, start, start + literal.length, literal, 0, literal.length)) {
                    Arrays.fill(covered, start, start + literal.length, true);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i++) {
            if (!covered[i]) {
                out.write(input[i]);
            } else if (i == 0 || !covered[i - 1]) {
                out.writeBytes(SecretMasker.REPLACEMENT);
            }
        }
        return out.toByteArray();
    }

    /**
     * The base64 characters that depend only on the secret's bits, when the secret starts
     * {@code prefixLength} bytes into the encoded data.
     */
    private static String secretOnlyBase64(String encoded, int prefixLength, int secretLength) {
        int first = (prefixLength * 8 + 5) / 6;
        int end = (prefixLength + secretLength) * 8 / 6;
        return encoded.substring(first, end);
    }

    private static byte[] maskBytes(SecretMasker masker, byte[] input) {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (MaskingOutputStream masking = masker.wrap(target)) {
            masking.write(input);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return target.toByteArray();
    }

    private static byte[] maskInChunks(SecretMasker masker, byte[] input, int chunk) throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (MaskingOutputStream masking = masker.wrap(target)) {
            // an offset into a larger array, so that write(bytes, offset, length) is used as a stream user would
            byte[] padded = concat(new byte[] {'#', '#'}, input, new byte[] {'#'});
            for (int offset = 0; offset < input.length; offset += chunk) {
                masking.write(padded, 2 + offset, Math.min(chunk, input.length - offset));
                masking.flush();
            }
        }
        return target.toByteArray();
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** A target that records what it received, how often it was flushed and whether it was closed. */
    private static final class FlushCountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;
        boolean closed;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void shouldHoldBoundedMemoryWhenASecretRepeatsBackToBack() throws IOException {
        SecretMasker masker = SecretMasker.forLiterals(List.of("abab".getBytes(StandardCharsets.US_ASCII)));
        java.io.ByteArrayOutputStream target = new java.io.ByteArrayOutputStream();
        MaskingOutputStream out = masker.wrap(target);
        byte[] chunk = "ab".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 256; i++) {
            out.write(chunk);
            assertThat(out.heldBytes()).as("bytes held after %d chunks", i + 1).isLessThanOrEqualTo(2 * 4);
        }
        out.close();

        assertThat(target.toString(StandardCharsets.US_ASCII)).isEqualTo("****");
    }
}
