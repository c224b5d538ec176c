package io.jenkins.plugins.sbxagent.engine.agent;

/**
 * The configuration a pipeline deliberately gives the agent, each part a crossing of its own that
 * the audit records. Nothing of the kind is taken from the repository. Each part may be null.
 *
 * @param mcpServers the MCP servers it may start
 * @param settings   its settings
 * @param skills     its skills
 */
public record AgentConfiguration(McpConfig mcpServers, AgentSettings settings, SkillsFolder skills) {
    public static final AgentConfiguration NONE = new AgentConfiguration(null, null, null);

    public static AgentConfiguration of(McpConfig mcpServers) {
        return new AgentConfiguration(mcpServers, null, null);
    }

    /** The command-line option of the first part given, or null when none is. */
    String firstOption() {
        if (mcpServers != null) {
            return "--mcp-config";
        }
        if (settings != null) {
            return "--agent-settings";
        }
        return skills != null ? "--skills" : null;
    }
}
