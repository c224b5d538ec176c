package io.jenkins.plugins.sbxagent.engine.agent;

import java.nio.file.Path;

/**
 * Agent settings the pipeline chooses, e.g. Claude Code's {@code settings.json} with permission
 * rules, hooks or environment. They reach the agent as a file sbx-agent writes, never from the
 * repository, whose own settings the agent is told to ignore.
 *
 * @param json the settings, a JSON object
 */
public record AgentSettings(String json) {
    private static final String EXAMPLE = "Give a JSON object, e.g. {\"permissions\": {\"deny\": [\"Bash(curl:*)\"]}}.";

    /** Reads and checks a file; errors name {@code --agent-settings}. */
    public static AgentSettings read(Path file) {
        return parse(JsonText.read(file, "--agent-settings"), "--agent-settings");
    }

    /** Checks the given text; errors name {@code field}. */
    public static AgentSettings parse(String text, String field) {
        JsonText.object(text, field, EXAMPLE);
        return new AgentSettings(text);
    }

    @Override
    public String toString() {
        return "AgentSettings[" + json.length() + " characters]";
    }
}
