package io.jenkins.plugins.sbxagent.engine.change;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Relative path names as the change set writes them, exact for every name the kernel allows.
 *
 * <p>Why: a file name is bytes. A JVM turns them into text with the host's file-name encoding, and
 * a name that is not valid there (invalid UTF-8, or any non-ASCII name under the POSIX locale) comes
 * out lossy and cannot be found again by its text. An agent must not be able to hide a file that way.
 * So a name that is plain printable ASCII stays as it is; any other is rebuilt from its raw bytes
 * (which a path's URI carries): valid UTF-8 as text, every other byte and every control character as
 * {@code \xNN}, and a backslash as {@code \\}, which keeps the mapping one-to-one.
 */
public final class PathNames {
    private PathNames() {
    }

    /** The name of {@code entry} relative to {@code root}, exact. */
    public static String encode(Path root, Path entry) {
        String relative = root.relativize(entry).toString();
        if (isPlain(relative) && root.resolve(relative).equals(entry)) {
            return relative;
        }
        String rootRaw = rawPath(root);
        String entryRaw = rawPath(entry);
        String tail = entryRaw.substring(Math.min(entryRaw.length(), rootRaw.length()));
        if (tail.endsWith("/")) {
            tail = tail.substring(0, tail.length() - 1);
        }
        return escape(percentDecode(tail));
    }

    /** A symbolic link's target, exact in the same encoding as names, whatever its bytes. */
    public static String linkTarget(Path target) {
        String text = target.toString();
        if (isPlain(text) && Path.of(text).equals(target)) {
            return text;
        }
        Path absolute = target.isAbsolute() ? target : Path.of("/").resolve(target);
        String raw = absolute.toUri().getRawPath();
        if (raw.endsWith("/") && !text.endsWith("/") && raw.length() > 1) {
            raw = raw.substring(0, raw.length() - 1); // the URI marks folders that exist with a slash
        }
        byte[] bytes = percentDecode(target.isAbsolute() ? raw : raw.substring(1));
        return escape(bytes);
    }

    /** The target to create a link with, from its encoding. */
    public static Path linkPath(String encoded) {
        if (isPlain(encoded)) {
            return Path.of(encoded);
        }
        StringBuilder uri = new StringBuilder("file://");
        byte[] bytes = bytes(encoded);
        if (bytes.length == 0 || bytes[0] != '/') {
            uri.append('/');
        }
        percentEncode(bytes, uri);
        Path absolute = Path.of(URI.create(uri.toString()));
        return bytes.length > 0 && bytes[0] == '/' ? absolute : Path.of("/").relativize(absolute);
    }

    /** The host path of an encoded relative name below {@code root}. */
    public static Path resolve(Path root, String encoded) {
        if (isPlain(encoded)) {
            return root.resolve(encoded);
        }
        StringBuilder uri = new StringBuilder("file://").append(rawPath(root));
        percentEncode(bytes(encoded), uri);
        return Path.of(URI.create(uri.toString()));
    }

    /** Appends the bytes as a URI path: unreserved characters and '/' as they are, every other byte as %XX. */
    public static StringBuilder percentEncode(byte[] bytes, StringBuilder uri) {
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~".indexOf(c) >= 0) {
                uri.append((char) c);
            } else {
                uri.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return uri;
    }

    /** The raw bytes an encoded name stands for. */
    public static byte[] bytes(String encoded) {
        if (isPlain(encoded)) {
            return encoded.getBytes(StandardCharsets.US_ASCII);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '\\' && i + 1 < encoded.length() && encoded.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (c == '\\' && i + 3 < encoded.length() && encoded.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(encoded.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    utf8 = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(utf8);
            }
        }
        return out.toByteArray();
    }

    /** Whether a name is printable ASCII without a backslash: such names are their own encoding. */
    static boolean isPlain(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String escape(byte[] raw) {
        StringBuilder out = new StringBuilder(raw.length);
        int i = 0;
        while (i < raw.length) {
            int c = raw[i] & 0xff;
            int length = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            String text = length > 1 && i + length <= raw.length ? decodeStrict(raw, i, length) : null;
            if (c == '\\') {
                out.append("\\\\");
                i++;
            } else if (c < 0x20 || c == 0x7f || c >= 0x80 && text == null) {
                out.append(String.format("\\x%02x", c));
                i++;
            } else if (c < 0x80) {
                out.append((char) c);
                i++;
            } else {
                out.append(text);
                i += length;
            }
        }
        return out.toString();
    }

    private static String decodeStrict(byte[] raw, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String rawPath(Path path) {
        String raw = path.toAbsolutePath().toUri().getRawPath();
        return raw.endsWith("/") ? raw : raw + "/";
    }

    private static byte[] percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
