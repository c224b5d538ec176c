package io.jenkins.plugins.sbxagent.engine.backend.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 answer of the Docker engine, read whole (the request asked the engine to close the connection after
 * it): its status and its body, whether sized by {@code Content-Length}, sent in chunks, or ended by the close.
 */
record EngineAnswer(int status, String body) {
    private static final JsonFactory JSON = new JsonFactory();

    /** Parses {@code bytes}; a status other than 200 is an {@link IOException} carrying the engine's own message. */
    static EngineAnswer parse(byte[] bytes, String path) throws IOException {
        int headerEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (headerEnd < 0) {
            throw new IOException("the Docker engine's answer to " + path + " ended before its headers did");
        }
        String[] head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = head[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("the Docker engine's answer to " + path + " is not HTTP: " + head[0]);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the Docker engine's answer to " + path + " has no status: " + head[0], e);
        }
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = head[i].substring(colon + 1).trim();
            if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equals("content-length")) {
                try {
                    length = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IOException("the Docker engine's answer to " + path + " has a bad Content-Length: " + value, e);
                }
            }
        }
        int start = headerEnd + 4;
        byte[] body;
        if (chunked) {
            body = dechunk(bytes, start, path);
        } else if (length >= 0) {
            if (start + length > bytes.length) {
                throw new IOException("the Docker engine's answer to " + path + " is shorter than its Content-Length");
            }
            body = java.util.Arrays.copyOfRange(bytes, start, start + length);
        } else {
            body = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (status != 200) {
            String message = topLevelText(text, "message").orElse(text.strip());
            throw new IOException("the Docker engine answered " + path + " with " + status + ": " + message);
        }
        return new EngineAnswer(status, text);
    }

    /** The body of a chunked answer: each chunk is its size in hex, CRLF, the bytes, CRLF; a size of 0 ends it. */
    private static byte[] dechunk(byte[] bytes, int from, String path) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(bytes, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                throw new IOException("the Docker engine's answer to " + path + " ended inside a chunk size");
            }
            String sizeText = new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII);
            int extension = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((extension < 0 ? sizeText : sizeText.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the Docker engine's answer to " + path + " has a bad chunk size: " + sizeText, e);
            }
            if (size == 0) {
                return body.toByteArray();
            }
            int dataStart = lineEnd + 2;
            if (size < 0 || dataStart + size > bytes.length) {
                throw new IOException("the Docker engine's answer to " + path + " ended inside a chunk");
            }
            body.write(bytes, dataStart, size);
            at = dataStart + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The text value of {@code field} at the top level of the JSON object {@code json}; nested fields of that name are not it. */
    static Optional<String> topLevelText(String json, String field) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        }
    }
}
