package io.jenkins.plugins.sbxagent.engine.agent;

import java.util.Locale;

/**
 * The budgets sbx-agent itself enforces while an agent runs, from the agent's events as they come:
 * an agent that takes one turn too many, or reports spending more than allowed, has its sandbox
 * killed. This holds even for agents that enforce no budget of their own, and against an agent that
 * ignores the flag it was given.
 *
 * @param maxTurns   the most turns, or null for no limit
 * @param maxCostUsd the most cost in US dollars as the agent reports it, or null for no limit
 */
public record AgentBudget(Integer maxTurns, Double maxCostUsd) {
    public static final AgentBudget NONE = new AgentBudget(null, null);

    /** The end reason prefix of a run stopped by sbx-agent for its turns ({@link AgentUsage#overBudget()} knows it). */
    public static final String TURNS_EXCEEDED = "max_turns";
    /** The end reason prefix of a run stopped by sbx-agent for its cost. */
    public static final String COST_EXCEEDED = "max_budget_usd";

    public static AgentBudget of(AgentRequest request) {
        return new AgentBudget(request.maxTurns(), request.maxCostUsd());
    }

    /** Why the usage so far is over this budget, or null when it is not. */
    public String exceededBy(AgentUsage usage) {
        if (maxTurns != null && usage.turns() > maxTurns) {
            return TURNS_EXCEEDED + ": turn " + usage.turns() + " began, the budget is " + maxTurns + "; stopped by sbx-agent";
        }
        if (maxCostUsd != null && usage.costUsd() != null && usage.costUsd() > maxCostUsd) {
            return String.format(Locale.ROOT, "%s: the agent reports $%.4f, the budget is $%.2f; stopped by sbx-agent", COST_EXCEEDED,
                    usage.costUsd(), maxCostUsd);
        }
        return null;
    }
}
