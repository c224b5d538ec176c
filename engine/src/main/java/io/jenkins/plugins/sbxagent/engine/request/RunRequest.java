package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.spec.AllowedHost;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Choices;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.agent.SessionChoice;
import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run as a step asks for it, field by field as its user wrote them: null is "not set", and
 * {@link #check} fills in the defaults, applies the administrator's settings and refuses every
 * mistake, naming the field, before anything starts.
 */
public final class RunRequest {
    private final String backend;
    private final String image;
    private final List<String> command;
    private final String agent;
    private final String prompt;
    private final String model;
    private final String mcpConfig;
    private final String agentSettings;
    private final String skills;
    private final String outputSchema;
    private final Integer maxTurns;
    private final Double maxCostUsd;
    private final String network;
    private final List<String> allowHosts;
    private final List<String> environment;
    private final Integer timeoutMinutes;
    private final String workspaceMode;
    private final Double cpus;
    private final String memory;
    private final boolean apply;
    private final PolicyFields policy;
    private final boolean registryLogin;
    private final String deliverBranch;
    private final boolean deliverIgnored;
    private final String deliverMessage;
    private final String pushRemote;
    private final String resumeSession;
    private final boolean forkSession;

    private RunRequest(Builder b) {
        backend = HostSettings.blankToNull(b.backend);
        image = HostSettings.blankToNull(b.image);
        command = List.copyOf(b.command);
        agent = HostSettings.blankToNull(b.agent);
        prompt = b.prompt == null || b.prompt.isEmpty() ? null : b.prompt;
        model = HostSettings.blankToNull(b.model);
        mcpConfig = HostSettings.blankToNull(b.mcpConfig);
        agentSettings = HostSettings.blankToNull(b.agentSettings);
        skills = HostSettings.blankToNull(b.skills);
        outputSchema = HostSettings.blankToNull(b.outputSchema);
        maxTurns = b.maxTurns;
        maxCostUsd = b.maxCostUsd;
        network = HostSettings.blankToNull(b.network);
        allowHosts = List.copyOf(b.allowHosts);
        environment = List.copyOf(b.environment);
        timeoutMinutes = b.timeoutMinutes;
        workspaceMode = HostSettings.blankToNull(b.workspaceMode);
        cpus = b.cpus;
        memory = HostSettings.blankToNull(b.memory);
        apply = b.apply;
        policy = b.policy == null ? PolicyFields.NONE : b.policy;
        registryLogin = b.registryLogin;
        deliverBranch = b.deliverBranch;
        deliverIgnored = b.deliverIgnored;
        deliverMessage = b.deliverMessage;
        pushRemote = b.pushRemote;
        resumeSession = b.resumeSession;
        forkSession = b.forkSession;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This request with the defaults filled in and the administrator's settings applied.
     *
     * @throws SpecException naming the step's field and the fix
     */
    public CheckedRun check(HostSettings settings) {
        try {
            Backend chosenBackend = backend == null ? settings.defaultBackend() : Backend.parse("backend", backend);
            if (chosenBackend == Backend.DOCKER_SBX && registryLogin) {
                throw new SpecException("registryCredentialsId", "the registry login is for the docker backend; docker-sbx pulls its"
                        + " templates itself.", "Leave it out with backend: 'docker-sbx'.");
            }
            String chosenImage = image != null ? image : settings.defaultImage();
            if (chosenImage == null) {
                throw new SpecException("image", "none given, and no default image is set in " + settings.where() + ".",
                        "Give image: 'registry.example/agents/claude:1', or ask an administrator to set a default image.");
            }
            RunSpec.checkImage(chosenImage);
            AgentInputs agentInputs = new AgentInputs(agent == null ? AgentKind.COMMAND : AgentKind.parse("agent", agent), prompt, model,
                    zeroToNull(maxTurns), zeroToNull(maxCostUsd), command, mcpConfig, agentSettings, skills, outputSchema);
            AgentCommandLine line = agentInputs.commandLine(null);
            Map<String, String> plain = Choices.variables("environment", environment);
            line.refuseOverrides(plain.keySet(), "environment");
            NetworkMode chosenNetwork = Choices.of("network", NetworkMode.class, network == null ? HostSettings.DEFAULT_NETWORK : network);
            for (String host : allowHosts) {
                AllowedHost.parse(host);
            }
            if (chosenNetwork == NetworkMode.ALLOWLIST && allowHosts.isEmpty()) {
                throw new SpecException("allowHosts", "network 'allowlist' needs the hosts the agent may reach.",
                        "Add e.g. allowHosts: ['api.anthropic.com'].");
            }
            if (chosenNetwork != NetworkMode.ALLOWLIST && !allowHosts.isEmpty()) {
                throw new SpecException("allowHosts", "takes effect only with network: 'allowlist'.", "Add network: 'allowlist', or leave it out.");
            }
            // each backend's own default: Docker Sandboxes recommend clone mode
            WorkspaceMode mode = workspaceMode != null ? Choices.of("workspaceMode", WorkspaceMode.class, workspaceMode)
                    : chosenBackend == Backend.DOCKER_SBX ? WorkspaceMode.CLONE : WorkspaceMode.COPY;
            Limits limits = Limits.defaults()
                    .withTimeout(timeoutMinutes != null ? Duration.ofMinutes(timeoutMinutes) : shorter(Limits.DEFAULT_TIMEOUT, settings.limits().maxTimeout()))
                    .withCpus(cpus != null ? cpus : Math.min(Limits.defaults().cpus(), settings.limits().maxCpus()))
                    .withMemoryBytes(memory != null ? Limits.parseSize("memory", memory)
                            : Math.min(Limits.defaults().memoryBytes(), settings.limits().maxMemoryBytes()));
            settings.limits().check(chosenImage, chosenNetwork, limits, settings.where());
            return new CheckedRun(chosenBackend, chosenImage, agentInputs, plain, chosenNetwork, allowHosts, limits, mode,
                    PolicyFields.merged(settings.defaultPolicy(), policy), settings.extraRules(), apply,
                    BranchDelivery.asked(deliverBranch, deliverIgnored, deliverMessage, pushRemote), session(agentInputs));
        } catch (SpecException e) {
            throw StepTerms.of(e);
        }
    }

    /** The session the step continues, checked as far as the controller can: a known agent whose sessions continue. */
    private SessionChoice session(AgentInputs agentInputs) {
        if (resumeSession == null) {
            if (forkSession) {
                throw new SpecException("forkSession", "takes effect only with a session to continue.", "Give resumeSession, or leave it out.");
            }
            return null;
        }
        SessionChoice session = new SessionChoice(resumeSession, forkSession);
        // the same refusals as on the node, before anything crosses to it
        agentInputs.commandLine(null, List.of(), session);
        return session;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A budget of 0 is none, as a form's empty number field may send it; anything else goes to the engine, which checks it. */
    private static <N extends Number> N zeroToNull(N value) {
        return value == null || value.doubleValue() == 0 ? null : value;
    }

    /** Collects a request field by field; nothing is checked until {@link RunRequest#check}. */
    public static final class Builder {
        private String backend;
        private String image;
        private List<String> command = new ArrayList<>();
        private String agent;
        private String prompt;
        private String model;
        private String mcpConfig;
        private String agentSettings;
        private String skills;
        private String outputSchema;
        private Integer maxTurns;
        private Double maxCostUsd;
        private String network;
        private List<String> allowHosts = new ArrayList<>();
        private List<String> environment = new ArrayList<>();
        private Integer timeoutMinutes;
        private String workspaceMode;
        private Double cpus;
        private String memory;
        private boolean apply;
        private PolicyFields policy;
        private boolean registryLogin;
        private String deliverBranch;
        private boolean deliverIgnored;
        private String deliverMessage;
        private String pushRemote;
        private String resumeSession;
        private boolean forkSession;

        private Builder() {
        }

        public Builder backend(String value) {
            backend = value;
            return this;
        }

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder command(List<String> value) {
            command = value == null ? new ArrayList<>() : new ArrayList<>(value);
            return this;
        }

        public Builder agent(String value) {
            agent = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder mcpConfig(String value) {
            mcpConfig = value;
            return this;
        }

        public Builder agentSettings(String value) {
            agentSettings = value;
            return this;
        }

        public Builder skills(String value) {
            skills = value;
            return this;
        }

        /** A JSON Schema, as text, the agent's final answer must meet. */
        public Builder outputSchema(String value) {
            outputSchema = value;
            return this;
        }

        public Builder maxTurns(Integer value) {
            maxTurns = value;
            return this;
        }

        public Builder maxCostUsd(Double value) {
            maxCostUsd = value;
            return this;
        }

        public Builder network(String value) {
            network = value;
            return this;
        }

        public Builder allowHosts(List<String> value) {
            allowHosts = value == null ? new ArrayList<>() : new ArrayList<>(value);
            return this;
        }

        /** Plain variables as {@code NAME=value}, never secrets. */
        public Builder environment(List<String> value) {
            environment = value == null ? new ArrayList<>() : new ArrayList<>(value);
            return this;
        }

        public Builder timeoutMinutes(Integer value) {
            timeoutMinutes = value;
            return this;
        }

        public Builder workspaceMode(String value) {
            workspaceMode = value;
            return this;
        }

        public Builder cpus(Double value) {
            cpus = value;
            return this;
        }

        public Builder memory(String value) {
            memory = value;
            return this;
        }

        public Builder apply(boolean value) {
            apply = value;
            return this;
        }

        public Builder policy(PolicyFields value) {
            policy = value;
            return this;
        }

        /** The new branch the changes are delivered as once the gate passes, or null. */
        public Builder deliverBranch(String value) {
            deliverBranch = value;
            return this;
        }

        public Builder deliverIgnored(boolean value) {
            deliverIgnored = value;
            return this;
        }

        public Builder deliverMessage(String value) {
            deliverMessage = value;
            return this;
        }

        /** Where the delivered branch is pushed (a remote name or URL), or null. */
        public Builder pushRemote(String value) {
            pushRemote = value;
            return this;
        }

        /** The id of the session of an earlier run of the build that the agent continues, or null for a new session. */
        public Builder resumeSession(String value) {
            resumeSession = value;
            return this;
        }

        /** Whether that session is forked into a new one rather than resumed. */
        public Builder forkSession(boolean value) {
            forkSession = value;
            return this;
        }

        /** Whether a registry login for the docker client was asked for (the docker backend only). */
        public Builder registryLogin(boolean value) {
            registryLogin = value;
            return this;
        }

        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
