package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gemini CLI's system settings, the level above all others: sbx-agent's own (the folder's {@code .env} ignored, no
 * usage statistics, the API key as the way in), with the pipeline's settings and the MCP servers of {@code --mcp-config}
 * (its {@code mcpServers}, the {@code .mcp.json} shape with Gemini CLI's names for a URL) merged in. A setting that would
 * change one of sbx-agent's own is refused.
 *
 * <p>Skills have no system level in Gemini CLI: it reads them from its home's {@code .agents/skills} (and
 * {@code .gemini/skills}, where it also keeps its state). So its home is pinned to the sandbox's temporary folder and the
 * skills go read-only into {@code .agents/skills} there, a folder Gemini CLI only reads.
 */
public final class GeminiSettings {
    /** Not under /tmp: Gemini CLI skips a system settings file in a folder others may write to. */
    public static final String PATH = "/run/sbx-agent/gemini-system-settings.json";
    /** Gemini CLI's home when the pipeline gives it skills. */
    public static final String HOME = "/tmp";
    /** Where the pipeline's skills go: NAME/SKILL.md below it. */
    public static final String SKILLS = HOME + "/.agents/skills";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiSettings() {
    }

    static String json(AgentConfiguration configuration) {
        ObjectNode settings = JSON.createObjectNode();
        settings.putObject("advanced").put("ignoreLocalEnv", true);
        settings.putObject("privacy").put("usageStatisticsEnabled", false);
        settings.putObject("security").putObject("auth").put("selectedType", "gemini-api-key");
        if (configuration.mcpServers() != null) {
            ObjectNode servers = settings.putObject("mcpServers");
            for (McpServer server : configuration.mcpServers().servers("gemini")) {
                servers.set(server.name(), entry(server));
            }
        }
        if (configuration.settings() != null) {
            JsonMerge.into(settings, JsonText.object(configuration.settings().json(), "--agent-settings", ""), "--agent-settings",
                    "sbx-agent (for gemini, or from --mcp-config)");
        }
        return settings + "\n";
    }

    private static ObjectNode entry(McpServer server) {
        ObjectNode entry = JSON.createObjectNode();
        switch (server.transport()) {
            case STDIO -> {
                entry.put("command", server.command());
                entry.set("args", JSON.valueToTree(server.args()));
                if (!server.env().isEmpty()) {
                    entry.set("env", JSON.valueToTree(server.env()));
                }
            }
            // Gemini CLI names a streamable HTTP endpoint httpUrl and a server-sent events one url
            case HTTP -> entry.put("httpUrl", server.url());
            case SSE -> entry.put("url", server.url());
            default -> throw new IllegalStateException(server.transport().toString());
        }
        if (!server.headers().isEmpty()) {
            entry.set("headers", JSON.valueToTree(server.headers()));
        }
        return entry;
    }
}
