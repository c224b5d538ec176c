package io.jenkins.plugins.sbxagent.engine.agent;

import java.util.function.Consumer;

/**
 * Watches an agent's events against its budget. Past it, the agent is stopped; the stop runs aside, so
 * that its output keeps draining meanwhile.
 */
public final class BudgetWatch {
    /** Stops the agent, from the watch's own thread. */
    @FunctionalInterface
    public interface Stop {
        void stop() throws Exception;
    }

    private final AgentBudget budget;
    private final Stop stop;
    private final Consumer<String> messages;
    private final String runId;
    /** Why the agent was stopped, once it was. */
    private volatile String stoppedBy;

    public BudgetWatch(AgentBudget budget, Stop stop, Consumer<String> messages, String runId) {
        this.budget = budget;
        this.stop = stop;
        this.messages = messages;
        this.runId = runId;
    }

    /** After each event. */
    public void check(AgentUsage usage) {
        if (stoppedBy != null || budget.equals(AgentBudget.NONE)) {
            return;
        }
        String over = budget.exceededBy(usage);
        // the final answer counts as a turn when the agent ends (codex, gemini): an agent that already finished is not stopped
        if (over == null || usage.ended()) {
            return;
        }
        stoppedBy = over;
        messages.accept("budget exceeded (" + over + "): stopping the agent");
        Thread kill = new Thread(() -> {
            try {
                stop.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                messages.accept("could not stop the agent: " + e.getMessage() + "; the timeout still bounds it");
            }
        }, "sbx-agent budget stop " + runId);
        kill.setDaemon(true);
        kill.start();
    }

    /** Which budget stopped the agent ({@link AgentBudget#TURNS_EXCEEDED}, {@link AgentBudget#COST_EXCEEDED}), or null. */
    public String stoppedBy() {
        return stoppedBy;
    }
}
