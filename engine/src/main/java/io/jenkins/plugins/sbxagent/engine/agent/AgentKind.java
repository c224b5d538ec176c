package io.jenkins.plugins.sbxagent.engine.agent;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.List;
import java.util.Locale;

/** The agents sbx-agent knows how to run headless, and a plain command. */
public enum AgentKind {
    /** Claude Code: {@code claude -p}, stream-json events. Key: ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN. */
    CLAUDE(List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"), "CLAUDE_CONFIG_DIR"),
    /** OpenAI Codex CLI: {@code codex exec --json}. Key: CODEX_API_KEY or OPENAI_API_KEY. */
    CODEX(List.of("CODEX_API_KEY", "OPENAI_API_KEY"), "CODEX_HOME"),
    /** Gemini CLI: {@code gemini -p -o stream-json}. Key: GEMINI_API_KEY. */
    GEMINI(List.of("GEMINI_API_KEY"), null),
    /** OpenCode: {@code opencode run --format json}. Key: the provider's, e.g. ANTHROPIC_API_KEY. */
    OPENCODE(List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY"), "XDG_DATA_HOME"),
    /** Any command; its output is a log, not events. */
    COMMAND(List.of(), null);

    private final List<String> keyVariables;
    private final String stateVariable;

    AgentKind(List<String> keyVariables, String stateVariable) {
        this.keyVariables = keyVariables;
        this.stateVariable = stateVariable;
    }

    /**
     * The variable naming the folder where the agent keeps its state (its sessions), which sbx-agent sets to a folder of
     * the run's own so that a session outlives the sandbox; null for an agent whose sessions it does not keep.
     */
    public String stateVariable() {
        return stateVariable;
    }

    /** The variables in which the agent looks for its key; none is passed unless a credential was bound for it. */
    public List<String> keyVariables() {
        return keyVariables;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentKind parse(String field, String text) {
        for (AgentKind kind : values()) {
            if (kind.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return kind;
            }
        }
        throw new SpecException(field, "'" + text + "' is not an agent.", "Use one of claude, codex, gemini, opencode, command.");
    }
}
