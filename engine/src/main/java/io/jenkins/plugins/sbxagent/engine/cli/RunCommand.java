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
import io.jenkins.plugins.sbxagent.engine.agent.SkillsFolder;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sbx-agent run [options] -- COMMAND...} */
@Command(name = "run", description = "Runs COMMAND (the agent) in a sandbox and writes what it did into the outputs folder.",
        sortOptions = false, mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
    @Option(names = "--workspace", description = "The project folder the agent works on (default: .).")
    Path workspace = Path.of(".");

    @Option(names = "--out", description = "The outputs folder; the agent can never write there (default: sbx-agent-out).")
    Path out = Path.of("sbx-agent-out");

    @Option(names = "--work-dir", description = "Where staging keeps its private folders (default: the system temp folder).")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--image", required = true, description = "The sandbox image.")
    String image;

    @Option(names = "--tenant", description = "Whom the run belongs to (default: local).")
    String tenant = "local";

    @Option(names = "--run-id", description = "The run's id (default: random).")
    String runId;

    @Option(names = "--workspace-mode", description = "copy (default with docker): a private copy-on-write view; mount: the host workspace"
            + " itself (weaker); clone (default with docker-sbx): a git clone inside the microVM.")
    String workspaceMode;

    @Option(names = "--staging", description = "How a copy is made: auto (default), overlay or copy.")
    String staging = "auto";

    @Option(names = "--network", description = "none (default): loopback only; allowlist: only --allow-host hosts, through a proxy; "
            + "open: Docker's bridge, recorded in the audit.")
    String network = "none";

    @Option(names = "--allow-host", paramLabel = "HOST[:PORT]", description = "With --network allowlist: a host the agent may reach (ports 80 and 443 without a port).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--egress-network", description = "With --network allowlist: the Docker network the proxy reaches the outside through (default: bridge).")
    String egressNetwork = "bridge";

    @Option(names = "--proxy-image", description = "With --network allowlist: the egress proxy's image (default: " + RunSpec.DEFAULT_PROXY_IMAGE + ").")
    String proxyImage = RunSpec.DEFAULT_PROXY_IMAGE;

    @Option(names = "--secret-env", paramLabel = "NAME", description = "Passes this tool's environment variable NAME into the sandbox as a secret.")
    List<String> secretEnv = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "A plain, non-secret variable for the sandbox.")
    List<String> env = new ArrayList<>();

    @Option(names = "--put", paramLabel = "SRC:DEST", description = "Makes host file SRC visible read-only at absolute sandbox path DEST.")
    List<String> put = new ArrayList<>();

    @Option(names = "--read", paramLabel = "PATH", description = "Copies workspace file PATH from after the run into <out>/files/.")
    List<String> read = new ArrayList<>();

    @Option(names = "--hide", paramLabel = "PATH",
            description = "Covers workspace PATH with an empty read-only folder or file: the agent neither reads nor changes it. Repeatable.")
    List<String> hide = new ArrayList<>();

    @Option(names = "--timeout", description = "How long the agent may run: 90s, 30m, 2h (default: 30m).")
    String timeout = "30m";

    @Option(names = "--cpus", description = "CPUs the sandbox may use (default: 2).")
    double cpus = Limits.defaults().cpus();

    @Option(names = "--memory", description = "Memory the sandbox may use, e.g. 4g (default: 4g).")
    String memory = "4g";

    @Option(names = "--pids", description = "Processes the sandbox may have at once (default: 1024).")
    int pids = Limits.defaults().pids();

    @Option(names = "--max-log-bytes", description = "Bytes of output kept in agent.log (default: 64m).")
    String maxLogBytes = "64m";

    @Option(names = "--max-read-bytes", description = "Largest file --read copies back (default: 16m).")
    String maxReadBytes = "16m";

    @Option(names = "--tmpfs-size", description = "Size of the sandbox's /tmp (default: 1g).")
    String tmpfsSize = "1g";

    @Option(names = "--max-file-size", description = "Largest file the agent may write (default: 1g).")
    String maxFileSize = "1g";

    @Option(names = "--user", paramLabel = "UID:GID", description = "Who the agent runs as (default: the workspace's owner; never root).")
    String user;

    @Option(names = "--writable-root", description = "Lets the agent write the image's root file system (default: read-only).")
    boolean writableRoot;

    @Option(names = "--docker-arg", paramLabel = "--FLAG=VALUE", description = "An allow-listed extra docker create argument, e.g. --runtime=runsc.")
    List<String> dockerArgs = new ArrayList<>();

    @Option(names = "--docker", description = "The docker client (default: docker on the PATH).")
    String dockerExecutable = "docker";

    @Option(names = "--backend", description = "docker (default): a hardened container; docker-sbx: a Docker Sandboxes microVM (docs/backends.md).")
    String backend = "docker";

    @Option(names = "--sbx", paramLabel = "PATH", description = "With --backend docker-sbx: the sbx client (default: sbx).")
    String sbxExecutable = "sbx";

    @Option(names = "--sbx-login", paramLabel = "DOCKER_ID", description = "With --backend docker-sbx: signs sbx in as DOCKER_ID when it is not,"
            + " with the token in this tool's environment variable SBX_AGENT_DOCKER_TOKEN.")
    String sbxLogin;

    static final String SBX_TOKEN_VARIABLE = "SBX_AGENT_DOCKER_TOKEN";


    @Option(names = "--apply", description = "Copies the agent's changes into the workspace when the run succeeded and the gate passed.")
    boolean apply;

    @Option(names = "--rules", paramLabel = "FILE", description = "Extra risk rules laid over the shipped ones (same YAML schema).")
    Path rulesFile;

    @picocli.CommandLine.Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Option(names = "--agent", description = "claude, codex, gemini, opencode, or command (default): which agent runs; "
            + "a known agent gets its headless command line and its events are read.")
    String agent = "command";

    @Option(names = "--prompt", description = "The agent's instructions (with --agent other than command).")
    String prompt;

    @Option(names = "--prompt-file", description = "A file with the agent's instructions.")
    Path promptFile;

    @Option(names = "--model", description = "The agent's model (default: the agent's own).")
    String model;

    @Option(names = "--max-turns", description = "The most turns the agent may take; sbx-agent stops it past them.")
    Integer maxTurns;

    @Option(names = "--max-cost-usd", description = "The most the agent may spend in US dollars, as it reports (claude, opencode).")
    Double maxCostUsd;

    @Option(names = "--mcp-config", paramLabel = "FILE",
            description = "With --agent claude: the MCP servers the agent may start (a .mcp.json-style file); the repository's are ignored.")
    Path mcpConfig;

    @Option(names = "--agent-settings", paramLabel = "FILE",
            description = "With --agent claude: the agent's settings (a settings.json-style file); the repository's are ignored.")
    Path agentSettings;

    @Option(names = "--skills", paramLabel = "DIR",
            description = "With --agent claude: a folder of skills (NAME/SKILL.md) the agent may use; the repository's are ignored.")
    Path skills;

    @Option(names = "--agent-arg", paramLabel = "ARG", description = "A further argument for the agent's command line. Repeatable.")
    List<String> agentArgs = new ArrayList<>();

    @Parameters(paramLabel = "COMMAND", description = "With --agent command: the command and its arguments, after --.")
    List<String> command = new ArrayList<>();

    private final Map<String, String> environment;
    private final PrintStream stdout;
    private final PrintStream stderr;

    RunCommand() {
        this(System.getenv(), System.out, System.err);
    }

    RunCommand(Map<String, String> environment, PrintStream stdout, PrintStream stderr) {
        this.environment = environment;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        RunSpec spec = spec();
        RuleBook rules = RuleBook.shipped();
        if (rulesFile != null) {
            if (!java.nio.file.Files.isRegularFile(rulesFile)) {
                throw new SpecException("--rules", rulesFile + " is not a file.", "Name a risk rules file (YAML, schema in docs/risk-rules.md).");
            }
            rules = rules.withOverrides(rulesFile);
        }
        AgentBudget agentBudget = new AgentBudget(maxTurns, maxCostUsd);
        AgentRun run = spec.backend() == Backend.DOCKER_SBX
                ? new AgentRun(spec, agentKind(), agentBudget, policyOptions.policy(), rules, sbxBackend(), listener(), Clock.systemUTC())
                : new AgentRun(spec, agentKind(), agentBudget, policyOptions.policy(), rules,
                        new DockerCli(new ProcessCommandRunner(), dockerExecutable), listener(), Clock.systemUTC());
        // Ctrl-C and SIGTERM end the JVM through its shutdown hooks: the sandbox must go with it
        Thread hook = new Thread(run::abort, "sbx-agent abort");
        Runtime.getRuntime().addShutdownHook(hook);
        RunResult result = run.call();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
        stderr.println("[sbx-agent] " + result.outcome().id() + ": " + Plural.of(io.jenkins.plugins.sbxagent.engine.change.Change.count(result.changes()), "changed entry", "changed entries")
                + (result.gate() == null ? "" : ", risk " + result.risk().level().id() + ", decision " + result.gate().decision().id())
                + ", outputs in " + result.outputs() + (result.error().isEmpty() ? "" : " — " + result.error()));
        return result.exitCode();
    }

    /** The sbx client; the Docker token to sign in with comes from this tool's environment, never from an argument. */
    private SbxBackend sbxBackend() {
        // spec() checked that the token is there
        SbxPreflight.DockerLogin login = sbxLogin == null ? null : new SbxPreflight.DockerLogin(sbxLogin, environment.get(SBX_TOKEN_VARIABLE));
        return new SbxBackend(new SbxCli(new ProcessCommandRunner(), sbxExecutable, SbxCli.DEFAULT_CALL_TIMEOUT), SbxBackend.KVM, login);
    }

    private AgentKind agentKind() {
        return AgentKind.parse("--agent", agent);
    }

    /** The command to run: the agent's headless command line, or the given command. */
    private List<String> agentCommand(RunSpec.Builder builder) {
        AgentKind kind = agentKind();
        if (kind == AgentKind.COMMAND) {
            if (prompt != null || promptFile != null || model != null || maxTurns != null || maxCostUsd != null || !agentArgs.isEmpty()
                    || mcpConfig != null || agentSettings != null || skills != null) {
                throw new SpecException("--agent", "--prompt, --model, budgets, --mcp-config, --agent-settings, --skills and --agent-arg"
                        + " belong to a known agent.",
                        "Add --agent claude (or codex, gemini, opencode), or leave them out.");
            }
            return command;
        }
        if (!command.isEmpty()) {
            throw new SpecException("COMMAND", "--agent " + kind.id() + " builds its own command line.", "Leave out the command after --.");
        }
        String instructions = prompt;
        if (promptFile != null) {
            if (prompt != null) {
                throw new SpecException("--prompt-file", "given together with --prompt.", "Give one of them.");
            }
            try {
                instructions = java.nio.file.Files.readString(promptFile);
            } catch (java.io.IOException e) {
                throw new SpecException("--prompt-file", promptFile + " cannot be read: " + e.getMessage(), "Name a readable text file.");
            }
        }
        AgentConfiguration configuration = new AgentConfiguration(mcpConfig == null ? null : McpConfig.read(mcpConfig),
                agentSettings == null ? null : AgentSettings.read(agentSettings), skills == null ? null : SkillsFolder.read(skills));
        AgentCommandLine line = AgentCommandLine.of(new AgentRequest(kind, instructions, model, maxTurns, maxCostUsd, agentArgs,
                configuration));
        line.refuseOverrides(env.stream().filter(pair -> pair.indexOf('=') > 0).map(pair -> pair.substring(0, pair.indexOf('='))).toList(),
                "--env");
        line.environment().forEach(builder::withEnv);
        line.generated().forEach(builder::withGeneratedFile);
        line.puts().forEach(builder::withPut);
        line.hidden().forEach(builder::withHiddenPath);
        if (skills != null) {
            SkillsFolder.placeIn(skills, workspace).ifPresent(builder::withHiddenPath);
        }
        return line.argv();
    }

    RunSpec spec() {
        RunSpec.Builder builder = RunSpec.builder()
                .withWorkspace(workspace)
                .withOutputs(out)
                .withWorkRoot(workDir)
                .withImage(image)
                .withTenant(tenant)
                .withRunId(runId)

                .withWorkspaceMode(workspaceMode == null ? null : Choices.of("--workspace-mode", WorkspaceMode.class, workspaceMode))
                .withStaging(Choices.of("--staging", StagingMode.class, staging))
                .withBackend(Backend.parse("--backend", backend))
                .withNetwork(Choices.of("--network", NetworkMode.class, network))
                .withUser(user)
                .withReadOnlyRoot(!writableRoot)
                .withApply(apply)
                .withLimits(Limits.defaults()
                        .withTimeout(duration("--timeout", timeout))
                        .withCpus(cpus)
                        .withMemoryBytes(Limits.parseSize("--memory", memory))
                        .withPids(pids)
                        .withLogBytes(Limits.parseSize("--max-log-bytes", maxLogBytes))
                        .withReadBytes(Limits.parseSize("--max-read-bytes", maxReadBytes))
                        .withTmpfsBytes(Limits.parseSize("--tmpfs-size", tmpfsSize))
                        .withFileBytes(Limits.parseSize("--max-file-size", maxFileSize)));
        for (String name : secretEnv) {
            String value = environment.get(name);
            if (value == null) {
                throw new SpecException("--secret-env", name + " is not set in this tool's environment.",
                        "Export it before the run; its value is never written on a command line.");
            }
            builder.withSecretEnv(name, value);
        }
        if (sbxLogin != null) {
            if (!backend.equalsIgnoreCase("docker-sbx")) {
                throw new SpecException("--sbx-login", "signs in the sbx client of the docker-sbx backend.", "Add --backend docker-sbx, or leave it out.");
            }
            String token = environment.get(SBX_TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new SpecException("--sbx-login", SBX_TOKEN_VARIABLE + " is not set in this tool's environment.",
                        "Export the Docker token as " + SBX_TOKEN_VARIABLE + "; it goes to sbx on standard input.");
            }
            // never printed, but masked wherever it could appear
            builder.withMaskedValue(token);
        }
        Choices.variables("--env", env).forEach(builder::withEnv);
        for (String pair : put) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new SpecException("--put", "'" + pair + "' is not SRC:DEST.", "Write it as ./file.json:/home/agent/file.json.");
            }
            builder.withPut(Path.of(pair.substring(0, colon)), pair.substring(colon + 1));
        }
        builder.withCommand(agentCommand(builder));
        read.forEach(builder::withRead);
        hide.forEach(builder::withHiddenPath);
        allowHosts.forEach(builder::withAllowHost);
        builder.withEgressNetwork(egressNetwork).withProxyImage(proxyImage);
        dockerArgs.forEach(builder::withDockerArg);
        return builder.build();
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
        }
    }

    private RunListener listener() {
        return RunListener.printing(stdout, stderr);
    }
}
