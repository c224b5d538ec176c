package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenCode's configuration from the pipeline, as one {@code opencode.json} it is pointed at with
 * {@code OPENCODE_CONFIG}, a level it reads with project configuration off: the settings are that file's keys, the MCP
 * servers of {@code --mcp-config} become its {@code mcp} entries, and the skills folder is named in
 * {@code skills.paths}, which OpenCode reads with external (Claude Code's and {@code .agents}) skills off.
 * {@code OPENCODE_CONFIG_CONTENT}, where a pipeline may still give its provider, is read after this file.
 */
public final class OpenCodeConfig {
    /** The configuration file, written read-only. */
    public static final String CONFIG = "/run/sbx-agent/opencode.json";
    /** Where the pipeline's skills go: NAME/SKILL.md below it. */
    public static final String SKILLS = "/run/sbx-agent/skills";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenCodeConfig() {
    }

    /** The configuration's text, or null when the pipeline gives none. */
    static String json(AgentConfiguration configuration) {
        if (configuration.firstOption() == null) {
            return null;
        }
        ObjectNode config = JSON.createObjectNode();
        if (configuration.mcpServers() != null) {
            ObjectNode servers = config.putObject("mcp");
            for (McpServer server : configuration.mcpServers().servers("opencode")) {
                servers.set(server.name(), entry(server));
            }
        }
        if (configuration.skills() != null) {
            config.putObject("skills").putArray("paths").add(SKILLS);
        }
        if (configuration.settings() != null) {
            JsonMerge.into(config, JsonText.object(configuration.settings().json(), "--agent-settings", ""), "--agent-settings",
                    "sbx-agent (from --mcp-config and --skills)");
        }
        return config + "\n";
    }

    private static ObjectNode entry(McpServer server) {
        ObjectNode entry = JSON.createObjectNode();
        if (server.transport() == McpServer.Transport.STDIO) {
            entry.put("type", "local");
            // one array: the program, then its arguments
            ArrayNode command = entry.putArray("command").add(server.command());
            server.args().forEach(command::add);
            if (!server.env().isEmpty()) {
                entry.set("environment", JSON.valueToTree(server.env()));
            }
        } else {
            // OpenCode tries streamable HTTP first and falls back to server-sent events: one type serves both
            entry.put("type", "remote");
            entry.put("url", server.url());
            if (!server.headers().isEmpty()) {
                entry.set("headers", JSON.valueToTree(server.headers()));
            }
        }
        return entry;
    }
}
