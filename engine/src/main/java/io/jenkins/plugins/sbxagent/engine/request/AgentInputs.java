package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentConfiguration;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.SessionChoice;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.AgentSettings;
import io.jenkins.plugins.sbxagent.engine.agent.McpConfig;
import io.jenkins.plugins.sbxagent.engine.agent.OutputSchema;
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspacePaths;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A step's agent fields, from which the engine builds the command the sandbox runs. Built twice: on
 * the controller, to refuse a mistake before anything starts, and on the node, where the skills
 * folder lies.
 *
 * @param kind          the agent, or {@link AgentKind#COMMAND}
 * @param prompt        the agent's instructions, or null
 * @param model         its model, or null
 * @param maxTurns      its turn budget, or null
 * @param maxCostUsd    its cost budget, or null
 * @param command       the command (agent command), or further arguments for the agent
 * @param mcpConfig     the MCP servers it may start, as JSON text, or null
 * @param agentSettings its settings, as JSON text, or null
 * @param skills        a folder of skills, relative to the workspace, or null
 */
public record AgentInputs(AgentKind kind, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> command,
        String mcpConfig, String agentSettings, String skills, String outputSchema) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Inputs without an output schema. */
    public AgentInputs(AgentKind kind, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> command, String mcpConfig,
            String agentSettings, String skills) {
        this(kind, prompt, model, maxTurns, maxCostUsd, command, mcpConfig, agentSettings, skills, null);
    }

    /**
     * The schema the agent's final answer must meet, read from the step's text, or null.
     *
     * @throws SpecException naming {@code outputSchema}
     */
    public OutputSchema schema() {
        try {
            return outputSchema == null ? null : OutputSchema.parse(outputSchema, "outputSchema");
        } catch (SpecException e) {
            throw StepTerms.of(e);
        }
    }

    public AgentInputs {
        command = List.copyOf(command);
    }

    @Override
    public String toString() {
        // the JSON of the MCP servers and settings is the pipeline's to show, not a log line's
        return "AgentInputs[" + kind.id() + ", model=" + model + ", maxTurns=" + maxTurns + ", maxCostUsd=" + maxCostUsd + ", mcpConfig="
                + (mcpConfig != null) + ", agentSettings=" + (agentSettings != null) + ", skills=" + skills + ", outputSchema=" + (outputSchema != null)
                + "]";
    }

    public AgentBudget budget() {
        return new AgentBudget(maxTurns, maxCostUsd);
    }

    /**
     * The command the sandbox runs: the command as given, or the agent's headless command line, to which
     * the given command adds arguments (before the prompt).
     *
     * @param workspace the workspace on this machine, where the skills folder is read; null on the controller,
     *                  where only the folder's name is checked
     * @throws SpecException naming the step's field
     */
    public AgentCommandLine commandLine(Path workspace) {
        return commandLine(workspace, List.of());
    }

    /**
     * As {@link #commandLine(Path)}, with the arguments the key gateway needs on an agent's command line
     * ({@link io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys.Routing#agentArguments}).
     */
    public AgentCommandLine commandLine(Path workspace, List<String> gatewayArguments) {
        return commandLine(workspace, gatewayArguments, null);
    }

    /** As above, continuing {@code session}, the session of an earlier run, or a new one when it is null. */
    public AgentCommandLine commandLine(Path workspace, List<String> gatewayArguments, SessionChoice session) {
        if (kind == AgentKind.COMMAND) {
            if (command.isEmpty()) {
                throw new SpecException("command", "none given.", "Give e.g. command: ['sh', '-c', 'make test'], or agent: 'claude' with a prompt.");
            }
            if (prompt != null || model != null || maxTurns != null || maxCostUsd != null || mcpConfig != null || agentSettings != null
                    || skills != null || outputSchema != null) {
                throw new SpecException("agent", "prompt, model, maxTurns, maxCostUsd, mcpConfig, agentSettings, skills and outputSchema need"
                        + " an agent.",
                        "Add e.g. agent: 'claude'.");
            }
            return new AgentCommandLine(command, Map.of());
        }
        if (prompt == null || prompt.isBlank()) {
            throw new SpecException("prompt", "agent '" + kind.id() + "' needs instructions.",
                    "Add prompt: 'what to do', or prompt: readFile('task.md').");
        }
        try {
            if (skills != null) {
                WorkspacePaths.checkRelative("skills", skills);
            }
            SkillsFolder folder = null;
            String place = null;
            if (skills != null && workspace != null) {
                place = SkillsFolder.placeIn(workspace.resolve(skills), workspace).orElseThrow(() -> new SpecException("skills",
                        skills + " leads outside the workspace.", "Name a folder inside the workspace, checked out from a source you trust."));
                folder = SkillsFolder.read(workspace.resolve(skills));
            }
            AgentConfiguration configuration = new AgentConfiguration(mcpConfig == null ? null : McpConfig.parse(mcpConfig, "mcpConfig"),
                    agentSettings == null ? null : AgentSettings.parse(agentSettings, "agentSettings"), folder);
            List<String> extraArgs = new ArrayList<>(command);
            extraArgs.addAll(gatewayArguments);
            AgentCommandLine line = AgentCommandLine.of(new AgentRequest(kind, prompt, model, maxTurns, maxCostUsd, extraArgs, configuration,
                    schema(), session));
            if (configuration.skills() == null) {
                return line;
            }
            // the skills cross in read-only by their own way: the workspace's copy is not the agent's to read or change
            List<String> hidden = new ArrayList<>(line.hidden());
            hidden.add(place);
            return new AgentCommandLine(line.argv(), line.environment(), line.generated(), line.puts(), hidden, line.reserved());
        } catch (SpecException e) {
            throw StepTerms.of(e);
        }
    }
}
