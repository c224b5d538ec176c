package io.jenkins.plugins.sbxagent;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Node;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.sbxagent.agent.RemoveRunOnAgent;
import io.jenkins.plugins.sbxagent.agent.RunOnAgent;
import io.jenkins.plugins.sbxagent.agent.AgentInputs;
import io.jenkins.plugins.sbxagent.agent.RunRequest;
import io.jenkins.plugins.sbxagent.agent.RunSummary;
import io.jenkins.plugins.sbxagent.config.SbxAgentGlobalConfiguration;
import io.jenkins.plugins.sbxagent.credentials.BoundSecrets;
import io.jenkins.plugins.sbxagent.credentials.SbxCredential;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.spec.AdministratorLimits;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.KeyMaterial2;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/**
 * One sbx-agent run of a build, on the controller: checks the request against the administrator's
 * settings, binds the named credentials, runs the engine on the node that holds the workspace,
 * archives what crossed back and records it on the build. The Pipeline step and the freestyle
 * builder both use it.
 */
public final class SbxAgentRunner {
    /** The step's return value and the builder's record: plain values a Pipeline can branch on. */
    public record Outcome(RunSummary summary, Map<String, Object> values, Result result, String message) {
    }

    /** Variables of the build's environment that configure the docker client (and only the client). */
    private static final Set<String> DOCKER_CLIENT_VARIABLES = Set.of("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG",
            "DOCKER_CONTEXT", "DOCKER_API_VERSION", "PATH");

    private final Run<?, ?> run;
    private final FilePath workspace;
    private final Launcher launcher;
    private final TaskListener listener;
    private final EnvVars environment;
    private final Node node;

    public SbxAgentRunner(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener, EnvVars environment, Node node) {
        this.run = run;
        this.workspace = workspace;
        this.launcher = launcher;
        this.listener = listener;
        this.environment = environment;
        this.node = node;
    }

    /**
     * A new run id: the build's number and a hash of its full id (so that leftovers name their build),
     * and a random part, since parallel branches of one build may start runs at the same moment.
     */
    public String nextRunId() {
        byte[] random = new byte[3];
        new java.security.SecureRandom().nextBytes(random);
        return "b" + run.getNumber() + "-" + shortHash(run.getExternalizableId()) + "-" + HexFormat.of().formatHex(random);
    }

    /** Runs the agent; the caller applies {@link Outcome#result()} to the build its own way. */
    public Outcome run(SbxAgentParameters parameters, String runId) throws IOException, InterruptedException {
        SbxAgentGlobalConfiguration settings = SbxAgentGlobalConfiguration.get();
        String backend = Util.fixEmptyAndTrim(parameters.getBackend()) == null ? settings.getDefaultBackend() : parameters.getBackend().trim();
        if (!backend.equals("docker") && !backend.equals("docker-sbx")) {
            throw new AbortException("sbxAgent: backend: '" + backend + "' is not one of docker, docker-sbx.");
        }
        if (backend.equals("docker-sbx") && Util.fixEmptyAndTrim(parameters.getRegistryCredentialsId()) != null) {
            throw new AbortException("sbxAgent: registryCredentialsId: the registry login is for the docker backend; docker-sbx"
                    + " pulls its templates itself.");
        }
        String image = Util.fixEmptyAndTrim(parameters.getImage()) == null ? settings.getDefaultImage() : parameters.getImage().trim();
        if (image == null) {
            throw new AbortException("sbxAgent: no image given and no default image set in " + SbxAgentGlobalConfiguration.WHERE + ".");
        }
        AgentKind agent = agentKind(parameters);
        AgentInputs agentInputs = agentInputs(agent, parameters);
        Map<String, String> plainEnvironment = plainEnvironment(parameters.getEnvironment());
        try {
            agentInputs.commandLine(null).refuseOverrides(plainEnvironment.keySet(), "environment");
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
        String network = Util.fixEmptyAndTrim(parameters.getNetwork()) == null ? "none" : parameters.getNetwork().trim().toLowerCase(Locale.ROOT);
        List<String> allowHosts = parameters.getAllowHosts();
        for (String host : allowHosts) {
            try {
                io.jenkins.plugins.sbxagent.engine.spec.AllowedHost.parse(host);
            } catch (SpecException e) {
                throw new AbortException("sbxAgent: allowHosts: " + e.getMessage());
            }
        }
        if (network.equals("allowlist") && allowHosts.isEmpty()) {
            throw new AbortException("sbxAgent: network 'allowlist' needs allowHosts, e.g. allowHosts: ['api.anthropic.com'].");
        }
        int timeout = parameters.getTimeoutMinutes() > 0 ? parameters.getTimeoutMinutes() : 30;
        // each backend's own default: Docker Sandboxes recommend clone mode
        String workspaceMode = Util.fixEmptyAndTrim(parameters.getWorkspaceMode()) == null ? (backend.equals("docker-sbx") ? "clone" : "copy")
                : parameters.getWorkspaceMode().trim().toLowerCase(Locale.ROOT);
        AdministratorLimits caps = settings.limits();
        double cpus = parameters.getCpus() > 0 ? parameters.getCpus() : Math.min(Limits.defaults().cpus(), caps.maxCpus());
        long memory = Util.fixEmptyAndTrim(parameters.getMemory()) != null ? parse("memory", parameters.getMemory())
                : Math.min(Limits.defaults().memoryBytes(), caps.maxMemoryBytes());
        checkAgainstSettings(caps, image, network, timeout, cpus, memory, workspaceMode);
        Policy policy = mergedPolicy(settings.getDefaultPolicy(), parameters.getPolicy());

        BoundSecrets secrets = new BoundSecrets();
        for (SbxCredential credential : parameters.getCredentials()) {
            credential.bind(run, secrets);
        }
        if (!secrets.variables().isEmpty() || !secrets.files().isEmpty()) {
            listener.getLogger().println("[sbx-agent] binding " + secrets.variables().keySet() + " and " + secrets.files().size()
                    + " secret file(s); their values are masked");
        }

        String docker = dockerExecutable(parameters.getToolName(), node, listener, environment);
        Map<String, String> clientEnvironment = clientEnvironment(environment);
        FilePath temp = WorkspaceList.tempDir(workspace);
        if (temp == null) {
            throw new AbortException("sbxAgent: the workspace " + workspace.getRemote() + " has no folder beside it for private files.");
        }
        FilePath outputs = temp.child("sbx-agent").child(runId);
        KeyMaterial2 registryLogin = null;
        try {
            if (Util.fixEmptyAndTrim(parameters.getRegistryCredentialsId()) != null) {
                // the registry login configures the docker client that pulls the image; it never enters the sandbox
                registryLogin = new DockerRegistryEndpoint(parameters.getRegistryUrl(), parameters.getRegistryCredentialsId())
                        .newKeyMaterialFactory(run, workspace, launcher, environment, listener, docker).materialize2();
                clientEnvironment.putAll(registryLogin.env());
            }
            RunRequest request = new RunRequest(run.getParent().getFullName(), runId, backend, image, agentInputs, plainEnvironment, network,
                    allowHosts,
                    timeout, cpus, memory, workspaceMode, outputs.getRemote(), temp.getRemote(), docker, clientEnvironment, secrets,
                    policy.failOn().id(), policy.reviewOn().id(), policy.unstableOn().id(), policy.protectedPaths(), policy.allowedPaths(),
                    policy.maxChangedFiles(), policy.maxChangedLines(), settings.getExtraRules(), parameters.isApply());
            RunSummary summary = workspace.act(new RunOnAgent(request, listener));
            String folder = "sbx-agent/" + runId;
            archive(outputs, summary, folder);
            SbxAgentAction action;
            synchronized (run) {
                action = new SbxAgentAction(run.getActions(SbxAgentAction.class).size() + 1, summary, folder);
                run.addAction(action);
            }
            SbxChecks.publish(run, listener, action);
            return outcome(summary, folder, action);
        } finally {
            if (registryLogin != null) {
                registryLogin.close(workspace.getChannel());
            }
        }
    }

    private static AgentKind agentKind(SbxAgentParameters parameters) throws AbortException {
        if (Util.fixEmptyAndTrim(parameters.getAgent()) == null) {
            return AgentKind.COMMAND;
        }
        try {
            return AgentKind.parse("agent", parameters.getAgent());
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    /** The step's {@code NAME=value} entries; the engine checks the names. */
    static Map<String, String> plainEnvironment(List<String> entries) throws AbortException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new AbortException("sbxAgent: environment: '" + entry + "' is not NAME=value; write e.g. 'GOOGLE_GEMINI_BASE_URL=https://"
                        + "gateway.example', and bind secrets as credentials.");
            }
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return environment;
    }

    /** The step's agent fields, as the engine takes them. */
    static AgentInputs agentInputs(AgentKind agent, SbxAgentParameters parameters) {
        return new AgentInputs(agent.id(), parameters.getPrompt(), parameters.getModel(), maxTurns(parameters), maxCostUsd(parameters),
                parameters.getCommand(), parameters.getMcpConfig(), parameters.getAgentSettings(), parameters.getSkills());
    }

    /** The command the sandbox would run, as far as the controller can tell: every mistake is refused here, before anything starts. */
    static AgentCommandLine commandLine(AgentKind agent, SbxAgentParameters parameters) throws AbortException {
        return agentInputs(agent, parameters).commandLine(null);
    }

    /** The turn budget: 0 is none; anything else, negative too, goes to the engine, which checks it. */
    private static Integer maxTurns(SbxAgentParameters parameters) {
        return parameters.getMaxTurns() == 0 ? null : parameters.getMaxTurns();
    }

    /** The cost budget: 0 is none; anything else, negative too, goes to the engine, which checks it. */
    private static Double maxCostUsd(SbxAgentParameters parameters) {
        return parameters.getMaxCostUsd() == 0 ? null : parameters.getMaxCostUsd();
    }

    /** Removes the sandbox of an aborted run, on the node, by its labels. */
    public static void removeSandbox(FilePath workspace, TaskListener listener, String runId, String toolName, Node node,
            EnvVars environment) {
        try {
            String docker = dockerExecutable(toolName, node, listener, environment);
            List<String> removed = workspace.act(new RemoveRunOnAgent(runId, docker, clientEnvironment(environment)));
            if (!removed.isEmpty()) {
                listener.getLogger().println("[sbx-agent] removed sandbox " + String.join(", ", removed));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            listener.getLogger().println("[sbx-agent] could not remove the sandbox of " + runId + ": " + e.getMessage()
                    + "; the periodic sweep removes it once it expires");
        }
    }

    /** The docker client of the job's Docker installation, or else the administrator's. */
    private static String dockerExecutable(String toolName, Node node, TaskListener listener, EnvVars environment)
            throws IOException, InterruptedException {
        String tool = Util.fixEmptyAndTrim(toolName) == null ? SbxAgentGlobalConfiguration.get().getDockerToolName() : toolName.trim();
        return DockerTool.getExecutable(tool, node, listener, environment);
    }

    /** Only the variables that tell the docker client where its engine is and how to reach it. */
    private static Map<String, String> clientEnvironment(EnvVars environment) {
        Map<String, String> client = new LinkedHashMap<>();
        environment.forEach((key, value) -> {
            if (DOCKER_CLIENT_VARIABLES.contains(key)) {
                client.put(key, value);
            }
        });
        return client;
    }

    /**
     * The strict default, then the administrator's default policy, then the job's: each sets what it
     * names, and path lists add up, so a job can add protected paths but never remove the
     * administrator's.
     */
    static Policy mergedPolicy(SbxPolicy administrators, SbxPolicy jobs) throws AbortException {
        try {
            Policy policy = Policy.strict();
            if (administrators != null) {
                policy = administrators.applyTo(policy);
            }
            if (jobs != null) {
                policy = jobs.applyTo(policy);
            }
            return policy;
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    private static long parse(String field, String size) throws AbortException {
        try {
            return Limits.parseSize(field, size);
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    private void checkAgainstSettings(AdministratorLimits caps, String image, String network, int timeout, double cpus, long memory,
            String mode) throws AbortException {
        NetworkMode networkMode;
        try {
            networkMode = NetworkMode.valueOf(network.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AbortException("sbxAgent: network '" + network + "' is not one of none, allowlist, open.");
        }
        if (!mode.equals("copy") && !mode.equals("mount") && !mode.equals("clone")) {
            throw new AbortException("sbxAgent: workspaceMode '" + mode + "' is not one of copy, mount, clone.");
        }
        try {
            caps.check(image, networkMode, Limits.defaults().withTimeout(Duration.ofMinutes(timeout)).withCpus(cpus).withMemoryBytes(memory),
                    SbxAgentGlobalConfiguration.WHERE);
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    /** Archives the outputs the engine wrote (regular files only) under sbx-agent/RUN in the build's artifacts. */
    private void archive(FilePath outputs, RunSummary summary, String folder) throws IOException, InterruptedException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : summary.files()) {
            files.put(folder + "/" + name, name);
        }
        if (!files.isEmpty()) {
            run.pickArtifactManager().archive(outputs, launcher, BuildListenerAdapter.wrap(listener), files);
        }
        outputs.deleteRecursive();
    }

    private Outcome outcome(RunSummary summary, String folder, SbxAgentAction action) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("outcome", summary.outcome());
        values.put("exitCode", summary.agentExit());
        values.put("decision", summary.decision());
        values.put("level", summary.level());
        values.put("findings", summary.counts()[0] + summary.counts()[1] + summary.counts()[2] + summary.counts()[3]);
        values.put("critical", summary.counts()[0]);
        values.put("high", summary.counts()[1]);
        values.put("medium", summary.counts()[2]);
        values.put("low", summary.counts()[3]);
        values.put("changes", summary.changeCount());
        values.put("applied", summary.applied());
        values.put("artifacts", folder);
        values.put("index", action.getIndex());
        String summaryLine = "risk " + summary.level() + ", decision " + summary.decision() + " (see " + folder + "/risk-summary.md)";
        if (!summary.outcome().equals("succeeded")) {
            String why = switch (summary.outcome()) {
                case "agent-failed" -> "the agent exited with code " + summary.agentExit();
                case "timed-out" -> "the agent ran past its timeout";
                case "interrupted" -> "the run was interrupted";
                default -> "the sandbox failed: " + summary.error();
            };
            return new Outcome(summary, values, Result.FAILURE, "sbxAgent: " + why + "; " + summaryLine);
        }
        return switch (summary.decision()) {
            case "fail" -> new Outcome(summary, values, Result.FAILURE, "sbxAgent: the gate failed the change: " + summaryLine);
            case "unstable" -> new Outcome(summary, values, Result.UNSTABLE, "sbxAgent: the gate marks the build unstable: " + summaryLine);
            case "review" -> new Outcome(summary, values, Result.UNSTABLE,
                    "sbxAgent: the change needs a person's review (sbxReviewGate): " + summaryLine);
            default -> new Outcome(summary, values, Result.SUCCESS, "sbxAgent: " + summaryLine);
        };
    }

    private static String shortHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
