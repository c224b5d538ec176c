package io.jenkins.plugins.sbxagent.engine.agent;

/**
 * What an agent's events said about its run.
 *
 * @param events        JSON events read
 * @param turns         turns the agent took (as it counts them)
 * @param inputTokens   input tokens, summed
 * @param outputTokens  output tokens, summed
 * @param costUsd       cost in US dollars, or null when the agent does not report it
 * @param durationMs    the agent's own duration, or 0 when not reported
 * @param finalMessage  its last message (the summary), or empty
 * @param ended         whether a terminal event was seen
 * @param reportedError whether the agent itself reported an error
 * @param endReason     the terminal event's kind, e.g. success, error_max_turns, error_max_budget_usd
 * @param sessionId     the agent's own id of its session (Codex: its thread), by which it could be resumed; null when it
 *                      named none
 */
public record AgentUsage(int events, int turns, long inputTokens, long outputTokens, Double costUsd, long durationMs, String finalMessage,
        boolean ended, boolean reportedError, String endReason, String sessionId) {
    /** Usage without a session id. */
    public AgentUsage(int events, int turns, long inputTokens, long outputTokens, Double costUsd, long durationMs, String finalMessage,
            boolean ended, boolean reportedError, String endReason) {
        this(events, turns, inputTokens, outputTokens, costUsd, durationMs, finalMessage, ended, reportedError, endReason, null);
    }

    /** Whether the agent ended and said it succeeded. */
    public boolean succeeded() {
        return ended && !reportedError;
    }

    /** Whether the run ended on a budget (turns or cost). */
    public boolean overBudget() {
        // the agents' own budget endings (error_max_turns, error_max_budget_usd) and sbx-agent's share these words
        return endReason != null && (endReason.contains(AgentBudget.TURNS_EXCEEDED) || endReason.contains(AgentBudget.COST_EXCEEDED));
    }
}
