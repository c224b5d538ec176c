package io.jenkins.plugins.sbxagent.agent;

import hudson.AbortException;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentConfiguration;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.AgentSettings;
import io.jenkins.plugins.sbxagent.engine.agent.McpConfig;
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspacePaths;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The step's agent fields as plain values, from which the engine builds the command the sandbox
 * runs. Built twice: on the controller, to refuse a mistake before anything starts, and on the node,
 * where the skills folder lies.
 *
 * @param agent         claude, codex, gemini, opencode or command
 * @param prompt        the agent's instructions, or null
 * @param model         its model, or null
 * @param maxTurns      its turn budget, or null
 * @param maxCostUsd    its cost budget, or null
 * @param command       the command (agent command), or further arguments for the agent
 * @param mcpConfig     the MCP servers it may start, as JSON text, or null
 * @param agentSettings its settings, as JSON text, or null
 * @param skills        a folder of skills, relative to the workspace, or null
 */
public record AgentInputs(String agent, String prompt, String model, Integer maxTurns, Double maxCostUsd, List<String> command,
        String mcpConfig, String agentSettings, String skills) implements Serializable {
    private static final long serialVersionUID = 1L;

    public AgentInputs {
        command = List.copyOf(command);
    }

    @Override
    public String toString() {
        // the JSON of the MCP servers and settings is the pipeline's to show, not a log line's
        return "AgentInputs[" + agent + ", model=" + model + ", maxTurns=" + maxTurns + ", maxCostUsd=" + maxCostUsd + ", mcpConfig="
                + (mcpConfig != null) + ", agentSettings=" + (agentSettings != null) + ", skills=" + skills + "]";
    }

    public AgentKind kind() throws AbortException {
        try {
            return AgentKind.parse("agent", agent);
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    /**
     * The command the sandbox runs: the command as given, or the agent's headless command line, to which
     * the given command adds arguments (before the prompt).
     *
     * @param workspace the workspace on this machine, where the skills folder is read; null on the controller,
     *                  where only the folder's name is checked
     */
    public AgentCommandLine commandLine(Path workspace) throws AbortException {
        AgentKind kind = kind();
        if (kind == AgentKind.COMMAND) {
            if (command.isEmpty()) {
                throw new AbortException("sbxAgent: no command given; e.g. command: ['sh', '-c', 'make test'], "
                        + "or agent: 'claude' with a prompt.");
            }
            if (prompt != null || model != null || maxTurns != null || maxCostUsd != null || mcpConfig != null || agentSettings != null
                    || skills != null) {
                throw new AbortException("sbxAgent: prompt, model, maxTurns, maxCostUsd, mcpConfig, agentSettings and skills need an "
                        + "agent; add e.g. agent: 'claude'.");
            }
            return new AgentCommandLine(command, Map.of());
        }
        if (prompt == null || prompt.isBlank()) {
            throw new AbortException("sbxAgent: prompt: agent '" + kind.id() + "' needs instructions; add prompt: 'what to do', "
                    + "or prompt: readFile('task.md').");
        }
        try {
            if (skills != null) {
                WorkspacePaths.checkRelative("skills", skills);
                if (kind != AgentKind.CLAUDE) {
                    throw new SpecException("skills", "only claude takes skills from sbx-agent so far.", "Leave it out, or use --agent claude.");
                }
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
            AgentCommandLine line = AgentCommandLine.of(new AgentRequest(kind, prompt, model, maxTurns, maxCostUsd, command, configuration));
            if (configuration.skills() == null) {
                return line;
            }
            // the skills cross in read-only by their own way: the workspace's copy is not the agent's to read or change
            List<String> hidden = new ArrayList<>(line.hidden());
            hidden.add(place);
            return new AgentCommandLine(line.argv(), line.environment(), line.generated(), line.puts(), hidden);
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + inStepTerms(e));
        }
    }

    /** The engine names its command-line options; the step says it with its field names. */
    static String inStepTerms(SpecException e) {
        String field = switch (e.field()) {
            case "--prompt" -> "prompt";
            case "--max-turns" -> "maxTurns";
            case "--max-cost-usd" -> "maxCostUsd";
            case "--mcp-config" -> "mcpConfig";
            case "--agent-settings" -> "agentSettings";
            case "--skills" -> "skills";
            default -> e.field();
        };
        String problem = e.getMessage().substring(e.field().length() + 2).replace("--timeout", "timeout")
                .replace("--max-turns", "maxTurns").replace("--max-cost-usd", "maxCostUsd").replace("--agent claude", "agent: 'claude'")
                .replace("--agent-arg flags", "arguments in command");
        return field + ": " + problem;
    }
}
