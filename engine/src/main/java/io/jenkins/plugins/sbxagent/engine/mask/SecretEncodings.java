package io.jenkins.plugins.sbxagent.engine.mask;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms a secret value takes when an agent prints it encoded: plain, base64 and base64url at each
 * of the three byte alignments, hex in both cases, URL-encoded and JSON-escaped.
 */
public final class SecretEncodings {
    /** Shorter literals would mask ordinary text; secrets are far longer than this anyway. */
    static final int SHORTEST_LITERAL = 4;

    private SecretEncodings() {
    }

    /** Every literal to mask for one secret value, longest forms included, duplicates removed. */
    public static List<byte[]> of(String secret) {
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        if (raw.length < SHORTEST_LITERAL) {
            return List.of(); // refused by the run spec: too short to mask without masking ordinary text
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        for (int alignment = 0; alignment < 3; alignment++) {
            forms.add(alignedCore(Base64.getEncoder().withoutPadding(), raw, alignment));
            forms.add(alignedCore(Base64.getUrlEncoder().withoutPadding(), raw, alignment));
        }
        forms.add(HexFormat.of().formatHex(raw));
        forms.add(HexFormat.of().withUpperCase().formatHex(raw));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        // JSON writers differ: named escapes or not, upper- or lower-case hex, escaped '/' or non-ASCII
        for (boolean upperHex : new boolean[] {true, false}) {
            for (boolean escapeNonAscii : new boolean[] {false, true}) {
                for (boolean escapeSlash : new boolean[] {false, true}) {
                    forms.add(jsonEscaped(secret, upperHex, escapeNonAscii, escapeSlash));
                }
            }
        }
        return forms.stream().filter(f -> f.length() >= SHORTEST_LITERAL).map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /**
     * The part of the base64 text of {@code raw} that does not depend on the bytes around it, when
     * {@code raw} starts {@code alignment} bytes into a 3-byte group.
     */
    static String alignedCore(Base64.Encoder encoder, byte[] raw, int alignment) {
        byte[] shifted = new byte[alignment + raw.length];
        System.arraycopy(raw, 0, shifted, alignment, raw.length);
        String text = encoder.encodeToString(shifted);
        int skip = (alignment * 8 + 5) / 6;
        int known = (shifted.length * 8) / 6;
        return skip >= known ? "" : text.substring(skip, known);
    }

    static String jsonEscaped(String value, boolean upperHex, boolean escapeNonAscii, boolean escapeSlash) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '/' -> out.append(escapeSlash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || c == 0x7f || escapeNonAscii && c > 0x7e) {
                        out.append(String.format(upperHex ? "\\u%04X" : "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
