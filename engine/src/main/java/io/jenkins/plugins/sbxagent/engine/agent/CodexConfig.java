package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.Iterator;
import java.util.Map;

/**
 * Codex's configuration from the pipeline, as its system {@code config.toml}: the settings are config.toml's keys
 * written as a JSON object (the one settings shape a pipeline writes, whatever the agent), and the MCP servers of
 * {@code --mcp-config} become {@code [mcp_servers.NAME]} tables.
 *
 * <p>The system level, {@code /etc/codex}, is the one place codex reads configuration and skills from a file that is not
 * in its home: codex writes its sessions and state to {@code $CODEX_HOME}, which therefore cannot be read-only, and
 * {@code -c} overrides would put an MCP server's environment into the command line, which the audit and {@code ps} show.
 * The user level above it is the sandbox's empty home, and {@code -c} overrides (sbx-agent's own) come last.
 */
public final class CodexConfig {
    /** Codex's system configuration file. */
    public static final String CONFIG = "/etc/codex/config.toml";
    /** Codex's system skills folder: it lists NAME/SKILL.md there beside its own and the user's. */
    public static final String SKILLS = "/etc/codex/skills";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CodexConfig() {
    }

    /** The config.toml text, or null when the pipeline gives neither settings nor MCP servers. */
    static String toml(AgentConfiguration configuration) {
        if (configuration.settings() == null && configuration.mcpServers() == null) {
            return null;
        }
        ObjectNode config = JSON.createObjectNode();
        if (configuration.mcpServers() != null) {
            ObjectNode servers = config.putObject("mcp_servers");
            for (McpServer server : configuration.mcpServers().servers("codex")) {
                servers.set(server.name(), table(server));
            }
        }
        if (configuration.settings() != null) {
            JsonNode settings = JsonText.object(configuration.settings().json(), "--agent-settings", "");
            refuseNulls(settings, "");
            JsonMerge.into(config, settings, "--agent-settings", "--mcp-config");
        }
        try {
            return new TomlMapper().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new SpecException("--agent-settings", "cannot be written as config.toml: " + e.getOriginalMessage(),
                    "Give config.toml's keys as a JSON object of strings, numbers, booleans, arrays and objects.");
        }
    }

    private static ObjectNode table(McpServer server) {
        ObjectNode table = JSON.createObjectNode();
        switch (server.transport()) {
            case STDIO -> {
                table.put("command", server.command());
                table.set("args", JSON.valueToTree(server.args()));
                if (!server.env().isEmpty()) {
                    table.set("env", JSON.valueToTree(server.env()));
                }
            }
            case HTTP -> {
                table.put("url", server.url());
                if (!server.headers().isEmpty()) {
                    table.set("http_headers", JSON.valueToTree(server.headers()));
                }
            }
            case SSE -> throw new SpecException("--mcp-config", "server '" + server.name() + "' speaks server-sent events, which codex"
                    + " does not.", "Give codex the server's streamable HTTP endpoint as type http, or start it as a command.");
            default -> throw new IllegalStateException(server.transport().toString());
        }
        return table;
    }

    /** TOML has no null: a key set to null would be dropped without a word, so it is refused. */
    private static void refuseNulls(JsonNode node, String path) {
        if (node.isNull()) {
            throw new SpecException("--agent-settings", path + " is null, which config.toml cannot hold.", "Leave " + path + " out.");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                refuseNulls(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNulls(node.get(i), path + "[" + i + "]");
            }
        }
    }
}
