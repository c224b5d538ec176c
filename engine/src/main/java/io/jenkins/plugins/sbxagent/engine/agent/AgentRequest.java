package io.jenkins.plugins.sbxagent.engine.agent;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.List;

/**
 * Which agent to run and how.
 *
 * @param kind       the agent
 * @param prompt     its instructions
 * @param model      a model name, or null for the agent's default
 * @param maxTurns   a turn budget, or null
 * @param maxCostUsd a cost budget in US dollars, or null
 * @param extraArgs  further arguments for the agent, after sbx-agent's own
 * @param configuration what the pipeline deliberately configures the agent with
 * @param outputSchema  the schema its final answer must meet, or null
 * @param session       the session of an earlier run it continues, or null for a new one
 */
public record AgentRequest(AgentKind kind, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> extraArgs,
        AgentConfiguration configuration, OutputSchema outputSchema, SessionChoice session) {
    public AgentRequest(AgentKind kind, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> extraArgs,
            AgentConfiguration configuration, OutputSchema outputSchema) {
        this(kind, prompt, model, maxTurns, maxCostUsd, extraArgs, configuration, outputSchema, null);
    }

    public AgentRequest(AgentKind kind, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> extraArgs) {
        this(kind, prompt, model, maxTurns, maxCostUsd, extraArgs, AgentConfiguration.NONE);
    }

    public AgentRequest(AgentKind kind, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> extraArgs,
            AgentConfiguration configuration) {
        this(kind, prompt, model, maxTurns, maxCostUsd, extraArgs, configuration, null);
    }

    public AgentRequest {
        extraArgs = List.copyOf(extraArgs);
        configuration = configuration == null ? AgentConfiguration.NONE : configuration;
        if (kind != AgentKind.COMMAND && (prompt == null || prompt.isBlank())) {
            throw new SpecException("--prompt", "agent " + kind.id() + " needs instructions.", "Give --prompt TEXT or --prompt-file FILE.");
        }
        if (maxTurns != null && maxTurns < 1) {
            throw new SpecException("--max-turns", "must be at least 1, was " + maxTurns + ".", "Give a positive number of turns.");
        }
        if (maxCostUsd != null && !(maxCostUsd > 0)) {
            throw new SpecException("--max-cost-usd", "must be more than 0, was " + maxCostUsd + ".", "Give a cost in US dollars, e.g. 2.50.");
        }
        String option = configuration.firstOption();
        if (option != null && kind == AgentKind.COMMAND) {
            throw new SpecException(option, "a plain command takes no agent configuration.", "Use a known agent, or leave it out.");
        }
        if (session != null && (kind == AgentKind.GEMINI || kind == AgentKind.COMMAND)) {
            throw new SpecException("--resume-session", "only claude's, codex's and opencode's sessions continue across runs.",
                    "Use one of those agents, or leave it out and start a new session.");
        }
        if (outputSchema != null && kind == AgentKind.COMMAND) {
            throw new SpecException("--output-schema", "a plain command gives no final answer to check.", "Use a known agent, or leave it out.");
        }
        if (prompt != null && prompt.indexOf('\0') >= 0) {
            throw new SpecException("--prompt", "holds a NUL character.", "Pass plain text.");
        }
    }
}
