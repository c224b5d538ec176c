package io.jenkins.plugins.sbxagent.engine.diff;

import java.nio.charset.StandardCharsets;

/** Path quoting as git writes it in patch headers. */
public final class GitPaths {
    private GitPaths() {
    }

    /**
     * Quotes {@code prefix + path} the way git does when it holds a quote, a backslash, a control
     * character or a non-ASCII byte; leaves it bare otherwise.
     */
    public static String quote(String prefix, String path) {
        byte[] name = io.jenkins.plugins.sbxagent.engine.change.PathNames.bytes(path);
        byte[] bytes = new byte[prefix.length() + name.length];
        System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, prefix.length());
        System.arraycopy(name, 0, bytes, prefix.length(), name.length);
        boolean plain = true;
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f || b == '"' || b == '\\' || (b & 0x80) != 0) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append('\\').append(String.format("%03o", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
