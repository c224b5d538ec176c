package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MCP servers a pipeline deliberately lets the agent start, in the {@code .mcp.json} shape
 * Claude Code reads: {@code {"mcpServers": {"name": {"command": "...", "args": [...]}}}}. Checked
 * when made, so that a mistake fails before any sandbox starts, not as an agent silently without tools.
 *
 * @param json the configuration, as given
 */
public record McpConfig(String json) {
    private static final String EXAMPLE = "Give JSON like {\"mcpServers\": {\"name\": {\"command\": \"...\", \"args\": [...]}}}.";

    /** Reads and checks a file; errors name {@code --mcp-config}. */
    public static McpConfig read(Path file) {
        try {
            return parse(Files.readString(file), "--mcp-config");
        } catch (IOException e) {
            throw new SpecException("--mcp-config", file + " cannot be read: " + e.getMessage(), "Name a readable JSON file.");
        }
    }

    /** Checks the given text; errors name {@code field}. */
    public static McpConfig parse(String text, String field) {
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(field, "is not JSON: " + e.getOriginalMessage(), EXAMPLE);
        }
        if (config == null || !config.path("mcpServers").isObject()) {
            throw new SpecException(field, "has no \"mcpServers\" object.", EXAMPLE);
        }
        return new McpConfig(text);
    }

    @Override
    public String toString() {
        // it may name environment values: never in a log line
        return "McpConfig[" + json.length() + " characters]";
    }
}
