package io.jenkins.plugins.sbxagent.engine.agent;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each agent's headless command line: non-interactive, machine-readable events on standard output,
 * and approvals off, since the sandbox, not the agent, is the boundary. Budgets the agent can enforce
 * itself are passed as its flags too; sbx-agent enforces them either way ({@link AgentBudget}), and
 * refuses one it cannot enforce rather than silently ignore it.
 *
 * @param argv        the command
 * @param environment variables the agent needs to run quietly in CI (never keys: those are bound credentials)
 * @param generated   files the agent's configuration needs in the sandbox: target path to content
 * @param puts        files on this machine the agent's configuration needs in the sandbox: source to target path
 * @param hidden      workspace paths where the agent would find configuration of its own: covered, so that the
 *                    repository cannot configure the agent that works on it
 * @param reserved    variables sbx-agent sets for the agent where it launches it (where its state folder is): a user's
 *                    value would quietly move the agent's sessions away from where they are kept
 */
public record AgentCommandLine(List<String> argv, Map<String, String> environment, Map<String, String> generated, Map<Path, String> puts,
        List<String> hidden, List<String> reserved) {
    /** Where a deliberate MCP configuration is written in the sandbox. */
    public static final String MCP_CONFIG_TARGET = "/run/sbx-agent/mcp.json";
    /** Where deliberate agent settings are written in the sandbox. */
    public static final String SETTINGS_TARGET = "/run/sbx-agent/settings.json";
    /** Where deliberate skills go in the sandbox: a Claude Code plugin folder holding them. */
    public static final String SKILLS_PLUGIN = "/run/sbx-agent/skills";
    /** The plugin's name: Claude Code lists its skills as sbx-agent-skills:NAME. */
    public static final String SKILLS_PLUGIN_NAME = "sbx-agent-skills";
    /** Gemini CLI's system settings, which take precedence over every other level ({@link GeminiSettings}). */
    public static final String GEMINI_SYSTEM_SETTINGS = GeminiSettings.PATH;
    /** Where the schema of the final answer is written for codex, which takes it as its own option. */
    public static final String OUTPUT_SCHEMA_TARGET = "/run/sbx-agent/output-schema.json";

    public AgentCommandLine {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        // in the order given, so that the audit lists them the same way every run
        generated = Collections.unmodifiableMap(new LinkedHashMap<>(generated));
        puts = Collections.unmodifiableMap(new LinkedHashMap<>(puts));
        hidden = List.copyOf(hidden);
        reserved = List.copyOf(reserved);
    }

    public AgentCommandLine(List<String> argv, Map<String, String> environment, Map<String, String> generated, Map<Path, String> puts,
            List<String> hidden) {
        this(argv, environment, generated, puts, hidden, List.of());
    }

    /**
     * Refuses the user's variables that this command line sets itself: they keep the agent's traffic down and the
     * repository from configuring it, so a run does not quietly lose them, nor quietly override what was asked.
     */
    public void refuseOverrides(Collection<String> names, String field) {
        for (String name : names) {
            if (environment.containsKey(name) || reserved.contains(name)) {
                throw new SpecException(field, name + " is set by sbx-agent for this agent (it keeps its traffic, its sessions and the repository's"
                        + " configuration in check).", "Leave " + name + " out.");
            }
        }
    }

    @Override
    public String toString() {
        // generated files may hold what the pipeline would not print (an MCP server's arguments): targets only
        return "AgentCommandLine[argv=" + argv + ", environment=" + environment.keySet() + ", generated=" + generated.keySet() + ", puts="
                + puts.values() + ", hidden=" + hidden + "]";
    }

    public AgentCommandLine(List<String> argv, Map<String, String> environment) {
        this(argv, environment, Map.of(), Map.of(), List.of());
    }

    public static AgentCommandLine of(AgentRequest request) {
        List<String> argv = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> generated = new LinkedHashMap<>();
        Map<Path, String> puts = new LinkedHashMap<>();
        List<String> hidden = new ArrayList<>();
        OutputSchema schema = request.outputSchema();
        // codex takes the schema as an option; the others are told it after their instructions
        String prompt = schema == null || request.kind() == AgentKind.CODEX ? request.prompt() : request.prompt() + "\n\n" + schema.instructions();
        switch (request.kind()) {
            case CLAUDE -> {
                argv.addAll(List.of("claude", "-p", prompt, "--output-format", "stream-json", "--verbose",
                        "--dangerously-skip-permissions"));
                optional(argv, "--model", request.model());
                optional(argv, "--max-turns", request.maxTurns());
                if (request.maxCostUsd() != null) {
                    argv.add("--max-budget-usd");
                    argv.add(String.format(Locale.ROOT, "%.2f", request.maxCostUsd()));
                }
                // the repository's .claude/settings*.json and .mcp.json are the agent's untrusted input, not
                // its configuration: their hooks would run commands and their MCP servers would start on
                // every tool call; only the user level (the sandbox's empty HOME) and what sbx-agent passes count
                argv.addAll(List.of("--setting-sources", "user", "--strict-mcp-config"));
                AgentConfiguration configuration = request.configuration();
                if (configuration.mcpServers() != null) {
                    argv.addAll(List.of("--mcp-config", MCP_CONFIG_TARGET));
                    generated.put(MCP_CONFIG_TARGET, configuration.mcpServers().json());
                }
                // flag settings count whatever --setting-sources says: these are the pipeline's, not the repository's
                if (configuration.settings() != null) {
                    argv.addAll(List.of("--settings", SETTINGS_TARGET));
                    generated.put(SETTINGS_TARGET, configuration.settings().json());
                }
                // the repository's .claude/skills are not read with --setting-sources user; the pipeline's come as a plugin
                if (configuration.skills() != null) {
                    argv.addAll(List.of("--plugin-dir", SKILLS_PLUGIN));
                    generated.put(SKILLS_PLUGIN + "/.claude-plugin/plugin.json", "{\"name\": \"" + SKILLS_PLUGIN_NAME
                            + "\", \"version\": \"1.0.0\", \"description\": \"The skills the pipeline gives the agent\"}\n");
                    putSkills(configuration.skills(), SKILLS_PLUGIN + "/skills", puts);
                }
                if (request.session() != null) {
                    // the transcript is the agent's own record, which a hostile agent could have edited: the system prompt
                    // is made afresh rather than read back from it
                    argv.addAll(List.of("--resume", request.session().id(), "--system-prompt-snapshot", "off"));
                    if (request.session().fork()) {
                        argv.add("--fork-session");
                    }
                }
                // no update checks, telemetry or other traffic: the network is off or allow-listed
                environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
                environment.put("DISABLE_TELEMETRY", "1");
                environment.put("DISABLE_AUTOUPDATER", "1");
            }
            case CODEX -> {
                unsupported(request, "codex", false);
                // codex's own sandbox needs user namespaces, which the sandbox does not give: the sandbox is the boundary
                argv.addAll(List.of("codex", "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check",
                        "--color", "never"));
                // no analytics and no plugin catalogue: the only traffic left is to the model API (checked by CodexITest
                // through the allow-list's log). The repository's .codex/ is left alone by codex itself: an
                // untrusted project's config, hooks and exec policies are not loaded, and nothing here trusts it.
                argv.addAll(List.of("-c", "analytics.enabled=false", "--disable", "plugins"));
                optional(argv, "--model", request.model());
                // codex lists the skills of a project's .codex/skills and .agents/skills even when it does not trust the
                // project, and a listed skill is one it must use when the task matches: covered, like its configuration
                hidden.addAll(List.of(".codex", ".agents"));
                String toml = CodexConfig.toml(request.configuration());
                if (toml != null) {
                    generated.put(CodexConfig.CONFIG, toml);
                }
                putSkills(request.configuration().skills(), CodexConfig.SKILLS, puts);
                if (schema != null) {
                    argv.addAll(List.of("--output-schema", OUTPUT_SCHEMA_TARGET));
                    generated.put(OUTPUT_SCHEMA_TARGET, schema.json());
                }
            }
            case GEMINI -> {
                unsupported(request, "gemini", false);
                argv.addAll(List.of("gemini", "-p", prompt, "--output-format", "stream-json", "--yolo"));
                optional(argv, "--model", request.model());
                // Gemini CLI runs headless with --yolo only in a trusted folder, and a trusted folder's .gemini/ (settings
                // with hooks and MCP servers, commands, agents, skills, policies) and .agents/ (skills) configure it:
                // trust it, with those covered
                environment.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
                hidden.addAll(List.of(".gemini", ".agents"));
                // and a trusted folder's .env would set any variable, e.g. where the key is sent: the system level,
                // above all others, says no; it also keeps usage statistics off the network
                // (the pipeline's settings and MCP servers join it there)
                environment.put("GEMINI_CLI_SYSTEM_SETTINGS_PATH", GeminiSettings.PATH);
                generated.put(GeminiSettings.PATH, GeminiSettings.json(request.configuration()));
                if (request.configuration().skills() != null) {
                    environment.put("GEMINI_CLI_HOME", GeminiSettings.HOME);
                    putSkills(request.configuration().skills(), GeminiSettings.SKILLS, puts);
                }
            }
            case OPENCODE -> {
                unsupported(request, "opencode", true);
                // --auto approves what is not denied: without it a headless run rejects every permission request
                argv.addAll(List.of("opencode", "run", "--format", "json", "--auto"));
                optional(argv, "--model", request.model());
                if (request.session() != null) {
                    argv.addAll(List.of("--session", request.session().id()));
                    if (request.session().fork()) {
                        argv.add("--fork");
                    }
                }
                // the repository's opencode.json and .opencode/ would configure MCP servers, providers, permissions and
                // plugins that run as code; the flag leaves .opencode/ plugins running (anomalyco/opencode#49836), so
                // both are covered too. Its own configuration comes from the pipeline: a file of sbx-agent's, and
                // OPENCODE_CONFIG_CONTENT if the pipeline sets it.
                environment.put("OPENCODE_DISABLE_PROJECT_CONFIG", "1");
                environment.put("OPENCODE_DISABLE_CLAUDE_CODE", "1");
                environment.put("OPENCODE_DISABLE_EXTERNAL_SKILLS", "1");
                hidden.addAll(List.of("opencode.json", "opencode.jsonc", ".opencode"));
                String config = OpenCodeConfig.json(request.configuration());
                if (config != null) {
                    environment.put("OPENCODE_CONFIG", OpenCodeConfig.CONFIG);
                    generated.put(OpenCodeConfig.CONFIG, config);
                }
                putSkills(request.configuration().skills(), OpenCodeConfig.SKILLS, puts);
                // no downloads or sharing: the network is off or allow-listed
                environment.put("OPENCODE_DISABLE_AUTOUPDATE", "1");
                environment.put("OPENCODE_DISABLE_MODELS_FETCH", "1");
                environment.put("OPENCODE_DISABLE_LSP_DOWNLOAD", "1");
                environment.put("OPENCODE_DISABLE_SHARE", "1");
            }
            case COMMAND -> throw new IllegalArgumentException("a plain command has no agent command line");
            default -> throw new IllegalStateException(request.kind().toString());
        }
        argv.addAll(request.extraArgs());
        if (request.kind() == AgentKind.CODEX && request.session() != null) {
            // codex exec's own options above hold for its resume and fork subcommands too
            argv.add(request.session().fork() ? "fork" : "resume");
            argv.add("--");
            argv.add(request.session().id());
            argv.add(prompt);
        } else if (request.kind() == AgentKind.CODEX || request.kind() == AgentKind.OPENCODE) {
            // the prompt goes last, after "--", so that text starting with '-' is never read as a flag
            argv.add("--");
            argv.add(prompt);
        }
        return new AgentCommandLine(argv, environment, generated, puts, hidden,
                request.kind().stateVariable() == null ? List.of() : List.of(request.kind().stateVariable()));
    }

    /** Every file of the pipeline's skills, each a read-only put file below {@code root}: NAME/SKILL.md and the rest. */
    private static void putSkills(SkillsFolder skills, String root, Map<Path, String> puts) {
        if (skills != null) {
            for (String file : skills.files()) {
                puts.put(skills.folder().resolve(file), root + "/" + file);
            }
        }
    }

    private static void optional(List<String> argv, String flag, Object value) {
        if (value != null) {
            argv.add(flag);
            argv.add(value.toString());
        }
    }

    /**
     * sbx-agent enforces turns for every agent from its events, so a turn budget always holds; a cost
     * budget needs an agent that reports its cost.
     */
    private static void unsupported(AgentRequest request, String agent, boolean reportsCost) {
        if (request.maxCostUsd() != null && !reportsCost) {
            throw new SpecException("--max-cost-usd", agent + " reports no cost to enforce a budget on.",
                    "Leave it out and bound the run with --max-turns and --timeout.");
        }
    }
}
