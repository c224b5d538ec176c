package io.jenkins.plugins.sbxagent.engine.mask;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms a secret value takes when an agent prints it encoded: plain; base64 and base64url at each of the three
 * byte alignments, and base64 wrapped as {@code base64}, MIME and {@code openssl} write it; hex in both cases;
 * percent-encoded as each common runtime does it; JSON-escaped as each common writer does it.
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
        // encoded on its own, as printf or echo (a newline after it) feed it: whole with its padding, and wrapped from
        // its first character as GNU base64 and MIME (76 columns) and openssl (64) write it
        for (String alone : List.of(secret, secret + "\n")) {
            String whole = Base64.getEncoder().encodeToString(alone.getBytes(StandardCharsets.UTF_8));
            forms.add(whole);
            forms.add(wrapped(whole, 76, "\n"));
            forms.add(wrapped(whole, 76, "\r\n"));
            forms.add(wrapped(whole, 64, "\n"));
        }
        // and followed by anything else: the wrapped part that does not depend on what follows
        String core = alignedCore(Base64.getEncoder().withoutPadding(), raw, 0);
        forms.add(wrapped(core, 76, "\n"));
        forms.add(wrapped(core, 76, "\r\n"));
        forms.add(wrapped(core, 64, "\n"));
        forms.add(HexFormat.of().formatHex(raw));
        forms.add(HexFormat.of().withUpperCase().formatHex(raw));
        for (String unreserved : URL_UNRESERVED) {
            for (boolean spaceAsPlus : new boolean[] {true, false}) {
                for (boolean upperHex : new boolean[] {true, false}) {
                    forms.add(percentEncoded(raw, unreserved, spaceAsPlus, upperHex));
                }
            }
        }
        // a hand-made encoder (od, xxd, printf '%%%02x') writes every byte, letters too
        forms.add(everyBytePercentEncoded(raw, false));
        forms.add(everyBytePercentEncoded(raw, true));
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
     * What each common percent-encoder leaves as it is, besides letters and digits (each also comes with a space as
     * {@code +} or {@code %20}, and with upper- or lower-case hex): RFC 3986 (Python's {@code quote(safe='')} and
     * {@code quote_plus}, Go's {@code QueryEscape}, curl, PHP's {@code rawurlencode}, Ruby); Python's {@code quote} with
     * its default {@code safe='/'}; Java's {@code URLEncoder} and HTML forms; JavaScript's {@code encodeURIComponent}
     * and {@code encodeURI}; Go's {@code PathEscape}.
     */
    private static final List<String> URL_UNRESERVED = List.of("-._~", "-._~/", ".-*_", "-_.!~*'()", "-_.!~*'();,/?:@&=+$#",
            "-._~$&+,:;=@");

    /** {@code raw} percent-encoded: letters, digits and {@code unreserved} kept, every other byte as %XX. */
    static String percentEncoded(byte[] raw, String unreserved, boolean spaceAsPlus, boolean upperHex) {
        String digits = upperHex ? "0123456789ABCDEF" : "0123456789abcdef";
        StringBuilder out = new StringBuilder(raw.length * 3);
        for (byte b : raw) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || unreserved.indexOf(c) >= 0)) {
                out.append((char) c);
            } else if (c == ' ' && spaceAsPlus) {
                out.append('+');
            } else {
                out.append('%').append(digits.charAt(c >> 4)).append(digits.charAt(c & 0xf));
            }
        }
        return out.toString();
    }

    static String everyBytePercentEncoded(byte[] raw, boolean upperHex) {
        HexFormat hex = upperHex ? HexFormat.of().withUpperCase() : HexFormat.of();
        StringBuilder out = new StringBuilder(raw.length * 3);
        for (byte b : raw) {
            out.append('%').append(hex.toHexDigits(b));
        }
        return out.toString();
    }

    /** {@code text} with {@code newline} after every {@code columns} characters but the last line's. */
    static String wrapped(String text, int columns, String newline) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / columns * 2);
        for (int at = 0; at < text.length(); at += columns) {
            out.append(at == 0 ? "" : newline).append(text, at, Math.min(text.length(), at + columns));
        }
        return out.toString();
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
