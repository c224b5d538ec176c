package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One MCP server of the pipeline's {@code .mcp.json}, read for an agent that takes MCP servers in a shape of its own.
 * Claude Code reads the file as it is; codex, Gemini CLI and OpenCode get it translated, so only what each can honour
 * is read here, and anything else is refused rather than dropped.
 *
 * @param name      the server's name
 * @param transport how the agent talks to it
 * @param command   the program to start (stdio), or null
 * @param args      its arguments
 * @param env       variables it gets (stdio)
 * @param url       where it listens (http, sse), or null
 * @param headers   headers sent to it (http, sse)
 */
public record McpServer(String name, Transport transport, String command, List<String> args, Map<String, String> env, String url,
        Map<String, String> headers) {
    /** A started program on standard input and output, or a server at a URL over streamable HTTP or server-sent events. */
    public enum Transport { STDIO, HTTP, SSE }

    private static final String FIELD = "--mcp-config";
    /** Names every agent takes as a key: codex's config.toml table, OpenCode's and Gemini CLI's JSON keys. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> STDIO_KEYS = Set.of("type", "command", "args", "env");
    private static final Set<String> REMOTE_KEYS = Set.of("type", "url", "headers");

    public McpServer {
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The servers of an {@code mcpServers} object, in the order given; errors name {@code --mcp-config} and the agent. */
    static List<McpServer> of(JsonNode servers, String agent) {
        List<McpServer> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            result.add(one(entry.getKey(), entry.getValue(), agent));
        }
        return result;
    }

    private static McpServer one(String name, JsonNode server, String agent) {
        if (!NAME.matcher(name).matches()) {
            throw new SpecException(FIELD, "server '" + plain(name) + "' has a name " + agent + " may not take as a key.",
                    "Name it with letters, digits, '_' and '-' (at most 64).");
        }
        if (!server.isObject()) {
            throw new SpecException(FIELD, "server '" + name + "' is not an object.", "Give {\"command\": \"...\", \"args\": [...]}.");
        }
        String type = server.has("type") ? text(server, "type", name) : "stdio";
        Transport transport = switch (type) {
            case "stdio" -> Transport.STDIO;
            case "http" -> Transport.HTTP;
            case "sse" -> Transport.SSE;
            default -> throw new SpecException(FIELD, "server '" + name + "' has type '" + plain(type) + "'.", "Use stdio, http or sse.");
        };
        Set<String> known = transport == Transport.STDIO ? STDIO_KEYS : REMOTE_KEYS;
        for (Iterator<String> keys = server.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!known.contains(key)) {
                // e.g. Claude Code's headersHelper: another agent would talk to the server without it
                throw new SpecException(FIELD, "server '" + name + "' has \"" + plain(key) + "\", which sbx-agent does not pass on to " + agent
                        + " (a " + type + " server takes " + String.join(", ", known.stream().sorted().toList()) + ").",
                        "Leave it out, or use --agent claude, which reads the file as it is.");
            }
        }
        if (transport == Transport.STDIO) {
            return new McpServer(name, transport, required(server, "command", name), strings(server.path("args"), "args", name),
                    map(server.path("env"), "env", name), null, Map.of());
        }
        return new McpServer(name, transport, null, List.of(), Map.of(), required(server, "url", name), map(server.path("headers"), "headers", name));
    }

    private static String required(JsonNode server, String key, String name) {
        if (!server.has(key)) {
            throw new SpecException(FIELD, "server '" + name + "' has no \"" + key + "\".", "Give the server's " + key + ".");
        }
        String value = text(server, key, name);
        if (value.isBlank()) {
            throw new SpecException(FIELD, "server '" + name + "' has an empty \"" + key + "\".", "Give the server's " + key + ".");
        }
        return value;
    }

    private static String text(JsonNode server, String key, String name) {
        JsonNode value = server.path(key);
        if (!value.isTextual()) {
            throw new SpecException(FIELD, "server '" + name + "': \"" + key + "\" is not a string.", "Give it as a JSON string.");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode array, String key, String name) {
        if (array.isMissingNode()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.isTextual() ? value.asText() : null);
        }
        if (!array.isArray() || values.contains(null)) {
            throw new SpecException(FIELD, "server '" + name + "': \"" + key + "\" is not an array of strings.", "Give e.g. [\"--stdio\"].");
        }
        return values;
    }

    private static Map<String, String> map(JsonNode object, String key, String name) {
        if (object.isMissingNode()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        boolean strings = object.isObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); strings && it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            strings = entry.getValue().isTextual();
            values.put(entry.getKey(), entry.getValue().asText());
        }
        if (!strings) {
            throw new SpecException(FIELD, "server '" + name + "': \"" + key + "\" is not an object of strings.", "Give e.g. {\"NAME\": \"value\"}.");
        }
        return values;
    }

    /** What the pipeline wrote, fit for a message: no control characters. */
    private static String plain(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        // env and headers may hold what no log should: names only
        return "McpServer[" + name + ", " + transport + "]";
    }
}
