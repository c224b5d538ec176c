package io.jenkins.plugins.sbxagent.engine.agent;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.Path;
import java.util.List;

/**
 * The MCP servers a pipeline deliberately lets the agent start, in the {@code .mcp.json} shape
 * Claude Code reads: {@code {"mcpServers": {"name": {"command": "...", "args": [...]}}}}, the one shape a pipeline
 * writes for every agent: the others get it translated ({@link #servers}). Checked
 * when made, so that a mistake fails before any sandbox starts, not as an agent silently without tools.
 *
 * @param json the configuration, as given
 */
public record McpConfig(String json) {
    private static final String EXAMPLE = "Give JSON like {\"mcpServers\": {\"name\": {\"command\": \"...\", \"args\": [...]}}}.";

    /** Reads and checks a file; errors name {@code --mcp-config}. */
    public static McpConfig read(Path file) {
        return parse(JsonText.read(file, "--mcp-config"), "--mcp-config");
    }

    /** Checks the given text; errors name {@code field}. */
    public static McpConfig parse(String text, String field) {
        if (!JsonText.object(text, field, EXAMPLE).path("mcpServers").isObject()) {
            throw new SpecException(field, "has no \"mcpServers\" object.", EXAMPLE);
        }
        return new McpConfig(text);
    }

    /**
     * The servers, for an agent that takes them in a shape of its own; what it could not honour is refused, naming
     * {@code --mcp-config}.
     */
    public List<McpServer> servers(String agent) {
        return McpServer.of(JsonText.object(json, "--mcp-config", EXAMPLE).path("mcpServers"), agent);
    }

    @Override
    public String toString() {
        // it may name environment values: never in a log line
        return "McpConfig[" + json.length() + " characters]";
    }
}
