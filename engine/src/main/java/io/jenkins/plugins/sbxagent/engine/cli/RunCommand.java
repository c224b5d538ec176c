package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.text.Plural;
import io.jenkins.plugins.sbxagent.engine.AgentRun;
import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentConfiguration;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.AgentSettings;
import io.jenkins.plugins.sbxagent.engine.agent.McpConfig;
import io.jenkins.plugins.sbxagent.engine.agent.OutputSchema;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.agent.SessionChoice;
import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.session.SessionSeed;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerBackend;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxPreflight;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Choices;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.StagingMode;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** {@code sbx-agent run [options] -- COMMAND...}: the options are in {@link RunOptions}. */
final class RunCommand extends ToolCommand {
    private final Map<String, String> environment;
    private final PrintStream stdout;
    private final PrintStream stderr;

    RunCommand(Map<String, String> environment, PrintStream stdout, PrintStream stderr) {
        super("run", "--image IMAGE [OPTIONS] -- COMMAND [ARG...]",
                "Runs COMMAND (the agent) in a sandbox and writes what it did into the outputs folder.");
        this.environment = environment;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    String description() {
        return summary() + System.lineSeparator() + "With --agent claude, codex, gemini or opencode, the agent's own headless command line"
                + " is built instead, and its events are read.";
    }

    @Override
    OptionTable options() {
        return RunOptions.table();
    }

    @Override
    int call(Arguments arguments) throws InterruptedException, IOException {
        Path schemaFile = arguments.path("--output-schema");
        OutputSchema outputSchema = schemaFile == null ? null : OutputSchema.read(schemaFile);
        SessionSeed session = session(arguments);
        RunSpec spec = spec(arguments, outputSchema, session == null ? null : session.choice());
        BranchDelivery delivery = DeliveryOptions.delivery(arguments, environment);
        // the shipped rules are read while the agent runs (WarmUp); extra rules are checked now, before any sandbox
        Supplier<RuleBook> rules = RuleBook::shipped;
        Path rulesFile = arguments.path("--rules");
        if (rulesFile != null) {
            if (!Files.isRegularFile(rulesFile)) {
                throw new SpecException("--rules", rulesFile + " is not a file.", "Name a risk rules file (YAML, schema in docs/risk-rules.md).");
            }
            RuleBook withOverrides = RuleBook.shipped().withOverrides(rulesFile);
            rules = () -> withOverrides;
        }
        AgentBudget agentBudget = new AgentBudget(arguments.whole("--max-turns"), arguments.decimal("--max-cost-usd"));
        SandboxBackend backend = spec.backend() == Backend.DOCKER_SBX
                ? sbxBackend(arguments)
                : new DockerBackend(new DockerCli(new ProcessCommandRunner(), arguments.text("--docker", "docker")));
        AgentRun run = new AgentRun(spec, agentKind(arguments), agentBudget, PolicyOptions.policy(arguments), rules, backend,
                WarmUp.whileTheAgentRuns(RunListener.printing(stdout, stderr)), Clock.systemUTC()).withOutputSchema(outputSchema).withDelivery(delivery)
                .withSession(session);
        // Ctrl-C and SIGTERM end the JVM through its shutdown hooks: the sandbox must go with it
        Thread hook = new Thread(run::abort, "sbx-agent abort");
        Runtime.getRuntime().addShutdownHook(hook);
        RunResult result = run.call();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
        stderr.println("[sbx-agent] " + result.outcome().id() + ": " + Plural.of(Change.count(result.changes()), "changed entry", "changed entries")
                + (result.gate() == null ? "" : ", risk " + result.risk().level().id() + ", decision " + result.gate().decision().id())
                + (result.delivered() == null ? "" : ", branch " + result.delivered().branch() + (result.delivered().awaitingReview()
                        ? " awaits review (sbx-agent deliver)" : ""))
                + ", outputs in " + result.outputs() + (result.error().isEmpty() ? "" : " — " + result.error()));
        return result.exitCode();
    }

    /** The sbx client; the Docker token to sign in with comes from this tool's environment, never from an argument. */
    private SbxBackend sbxBackend(Arguments arguments) {
        String login = arguments.text("--sbx-login");
        // spec() checked that the token is there
        SbxPreflight.DockerLogin dockerLogin = login == null ? null
                : new SbxPreflight.DockerLogin(login, environment.get(RunOptions.SBX_TOKEN_VARIABLE));
        return new SbxBackend(new SbxCli(new ProcessCommandRunner(), arguments.text("--sbx", "sbx"), SbxCli.DEFAULT_CALL_TIMEOUT), SbxBackend.KVM,
                dockerLogin);
    }

    /** The session an earlier run left, checked, when {@code --resume-session} asks to continue it; else null. */
    private static SessionSeed session(Arguments arguments) throws IOException {
        Path from = arguments.path("--resume-session");
        if (from == null) {
            if (arguments.flag("--fork-session")) {
                throw new SpecException("--fork-session", "takes effect only with --resume-session.", "Add --resume-session OUT, or leave it out.");
            }
            return null;
        }
        Path outputs = arguments.path("--out", Path.of("sbx-agent-out"));
        if (Files.exists(outputs) && Files.exists(from) && Files.isSameFile(outputs, from)) {
            // a run empties its outputs folder first: the session would be gone before it is read
            throw new SpecException("--resume-session", from + " is this run's --out too.", "Give this run an outputs folder of its own.");
        }
        return SessionSeed.read(agentKind(arguments), from, arguments.flag("--fork-session"));
    }

    private static AgentKind agentKind(Arguments arguments) {
        return AgentKind.parse("--agent", arguments.text("--agent", "command"));
    }

    /** The command to run: the agent's headless command line, or the given command. */
    private static List<String> agentCommand(Arguments arguments, Path workspace, RunSpec.Builder builder, List<String> gatewayArguments,
            OutputSchema outputSchema, SessionChoice session) {
        AgentKind kind = agentKind(arguments);
        List<String> command = arguments.operands();
        if (kind == AgentKind.COMMAND) {
            if (AGENT_ONLY.stream().anyMatch(option -> !arguments.list(option).isEmpty())) {
                throw new SpecException("--agent", "--prompt, --model, budgets, --mcp-config, --agent-settings, --skills, --output-schema, --resume-session and --agent-arg"
                        + " belong to a known agent.",
                        "Add --agent claude (or codex, gemini, opencode), or leave them out.");
            }
            return command;
        }
        if (!command.isEmpty()) {
            throw new SpecException("COMMAND", "--agent " + kind.id() + " builds its own command line.", "Leave out the command after --.");
        }
        String instructions = arguments.text("--prompt");
        Path promptFile = arguments.path("--prompt-file");
        if (promptFile != null) {
            if (instructions != null) {
                throw new SpecException("--prompt-file", "given together with --prompt.", "Give one of them.");
            }
            try {
                instructions = Files.readString(promptFile);
            } catch (IOException e) {
                throw new SpecException("--prompt-file", promptFile + " cannot be read: " + e.getMessage(), "Name a readable text file.");
            }
        }
        Path mcpConfig = arguments.path("--mcp-config");
        Path agentSettings = arguments.path("--agent-settings");
        Path skills = arguments.path("--skills");
        AgentConfiguration configuration = new AgentConfiguration(mcpConfig == null ? null : McpConfig.read(mcpConfig),
                agentSettings == null ? null : AgentSettings.read(agentSettings), skills == null ? null : SkillsFolder.read(skills));
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(kind, instructions, arguments.text("--model"), arguments.whole("--max-turns"),
                arguments.decimal("--max-cost-usd"), concat(arguments.list("--agent-arg"), gatewayArguments), configuration, outputSchema, session));
        line.refuseOverrides(arguments.list("--env").stream().filter(pair -> pair.indexOf('=') > 0)
                .map(pair -> pair.substring(0, pair.indexOf('='))).toList(), "--env");
        line.environment().forEach(builder::withEnv);
        line.generated().forEach(builder::withGeneratedFile);
        line.puts().forEach(builder::withPut);
        line.hidden().forEach(builder::withHiddenPath);
        if (skills != null) {
            SkillsFolder.placeIn(skills, workspace).ifPresent(builder::withHiddenPath);
        }
        return line.argv();
    }

    /** What only a known agent takes. */
    private static final List<String> AGENT_ONLY = List.of("--prompt", "--prompt-file", "--model", "--max-turns", "--max-cost-usd",
            "--agent-arg", "--mcp-config", "--agent-settings", "--skills", "--output-schema", "--resume-session", "--fork-session");

    RunSpec spec(Arguments arguments, OutputSchema outputSchema) {
        return spec(arguments, outputSchema, null);
    }

    RunSpec spec(Arguments arguments, OutputSchema outputSchema, SessionChoice session) {
        Path workspace = arguments.path("--workspace", Path.of("."));
        String backend = arguments.text("--backend", "docker");
        String workspaceMode = arguments.text("--workspace-mode");
        Limits defaults = Limits.defaults();
        Backend chosenBackend = Backend.parse("--backend", backend);
        NetworkMode network = Choices.of("--network", NetworkMode.class, arguments.text("--network", "none"));
        RunSpec.Builder builder = RunSpec.builder()
                .withWorkspace(workspace)
                .withOutputs(arguments.path("--out", Path.of("sbx-agent-out")))
                .withWorkRoot(arguments.path("--work-dir", Path.of(System.getProperty("java.io.tmpdir"))))
                .withImage(arguments.required("--image", "Name the sandbox image, e.g. --image sbx-agent/busybox:1."))
                .withTenant(arguments.text("--tenant", "local"))
                .withRunId(arguments.text("--run-id"))
                .withWorkspaceMode(workspaceMode == null ? null : Choices.of("--workspace-mode", WorkspaceMode.class, workspaceMode))
                .withStaging(Choices.of("--staging", StagingMode.class, arguments.text("--staging", "auto")))
                .withBackend(chosenBackend)
                .withNetwork(network)
                .withUser(arguments.text("--user"))
                .withReadOnlyRoot(!arguments.flag("--writable-root"))
                .withApply(arguments.flag("--apply"))
                .withLimits(defaults
                        .withTimeout(duration("--timeout", arguments.text("--timeout", "30m")))
                        .withCpus(orElse(arguments.decimal("--cpus"), defaults.cpus()))
                        .withMemoryBytes(Limits.parseSize("--memory", arguments.text("--memory", "4g")))
                        .withPids(orElse(arguments.whole("--pids"), defaults.pids()))
                        .withLogBytes(Limits.parseSize("--max-log-bytes", arguments.text("--max-log-bytes", "64m")))
                        .withReadBytes(Limits.parseSize("--max-read-bytes", arguments.text("--max-read-bytes", "16m")))
                        .withTmpfsBytes(Limits.parseSize("--tmpfs-size", arguments.text("--tmpfs-size", "1g")))
                        .withFileBytes(Limits.parseSize("--max-file-size", arguments.text("--max-file-size", "1g"))));
        for (String name : arguments.list("--secret-env")) {
            String value = environment.get(name);
            if (value == null) {
                throw new SpecException("--secret-env", name + " is not set in this tool's environment.",
                        "Export it before the run; its value is never written on a command line.");
            }
            builder.withSecretEnv(name, value);
        }
        if (arguments.text("--sbx-login") != null) {
            if (!backend.equalsIgnoreCase("docker-sbx")) {
                throw new SpecException("--sbx-login", "signs in the sbx client of the docker-sbx backend.", "Add --backend docker-sbx, or leave it out.");
            }
            String token = environment.get(RunOptions.SBX_TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new SpecException("--sbx-login", RunOptions.SBX_TOKEN_VARIABLE + " is not set in this tool's environment.",
                        "Export the Docker token as " + RunOptions.SBX_TOKEN_VARIABLE + "; it goes to sbx on standard input.");
            }
            // never printed, but masked wherever it could appear
            builder.withMaskedValue(token);
        }
        String pushPassword = DeliveryOptions.password(arguments, environment);
        if (pushPassword != null) {
            // git's output of a push (a URL it echoes, an error) is masked like the rest
            builder.withMaskedValue(pushPassword);
        }
        List<String> secretNames = arguments.list("--secret-env");
        ProviderKeys.Routing routing = ProviderKeys.route(agentKind(arguments), network, chosenBackend, secretNames,
                Choices.variables("--env", arguments.list("--env")), new ProviderKeys.Choice(
                        arguments.flag("--no-key-gateway") ? java.util.Set.copyOf(secretNames) : java.util.Set.of(),
                        arguments.list("--key-gateway").stream().map(text -> ProviderKeys.Custom.parse("--key-gateway", text)).toList()));
        routing.applyTo(builder);
        for (String pair : arguments.list("--put")) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new SpecException("--put", "'" + pair + "' is not SRC:DEST.", "Write it as ./file.json:/home/agent/file.json.");
            }
            builder.withPut(Path.of(pair.substring(0, colon)), pair.substring(colon + 1));
        }
        builder.withCommand(agentCommand(arguments, workspace, builder, routing.agentArguments(), outputSchema, session));
        arguments.list("--read").forEach(builder::withRead);
        arguments.list("--hide").forEach(builder::withHiddenPath);
        arguments.list("--allow-host").forEach(builder::withAllowHost);
        builder.withEgressNetwork(arguments.text("--egress-network", "bridge"))
                .withProxyImage(arguments.text("--proxy-image", RunSpec.DEFAULT_PROXY_IMAGE));
        arguments.list("--docker-arg").forEach(builder::withDockerArg);
        return builder.build();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static Duration duration(String field, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            char unit = value.charAt(value.length() - 1);
            String digits = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
            long number = Long.parseLong(digits);
            return switch (unit) {
                case 'h' -> Duration.ofHours(number);
                case 'm' -> Duration.ofMinutes(number);
                case 's' -> Duration.ofSeconds(number);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException(text);
                    }
                    yield Duration.ofSeconds(number);
                }
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new SpecException(field, "'" + text + "' is not a duration.", "Write e.g. 90s, 30m or 2h.");
        } catch (ArithmeticException e) {
            throw new SpecException(field, "'" + text + "' is longer than any duration.", "Write e.g. 90s, 30m or 2h (24h at most).");
        }
    }
}
