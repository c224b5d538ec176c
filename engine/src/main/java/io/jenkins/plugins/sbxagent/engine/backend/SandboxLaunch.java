package io.jenkins.plugins.sbxagent.engine.backend;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.audit.PhaseClock;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run as a backend launches it, and what the launch has made so far: the run cleans up the staged
 * workspace and the sandbox however far the launch got, and an abort removes the sandbox the moment
 * it exists.
 */
public final class SandboxLaunch {
    private final RunSpec spec;
    private final AgentKind agent;
    private final SandboxLabels labels;
    private final Path privateDir;
    private final Map<String, Object> audit;
    private final PhaseClock phases;
    private final Consumer<String> messages;
    private final BooleanSupplier aborted;
    /** Facts learnt aside (on other threads) while the run goes on: the audit takes them at its end. */
    private final Map<String, Object> factsAside = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile StagedWorkspace staged;
    private volatile AgentState agentState;
    private volatile Sandbox sandbox;

    /**
     * @param privateDir the run's private folder (mode 0700), deleted after the run
     * @param audit      facts for the audit, which the launch adds to
     * @param messages   lines for the run's log, masked by the run
     * @param aborted    whether the run was aborted meanwhile
     */
    public SandboxLaunch(RunSpec spec, AgentKind agent, SandboxLabels labels, Path privateDir, Map<String, Object> audit, PhaseClock phases,
            Consumer<String> messages, BooleanSupplier aborted) {
        this.spec = spec;
        this.agent = agent;
        this.labels = labels;
        this.privateDir = privateDir;
        this.audit = audit;
        this.phases = phases;
        this.messages = messages;
        this.aborted = aborted;
    }

    /**
     * A writable folder of the run for the agent's own state (its sessions), which outlives the sandbox so that it can be
     * read after it: where the sandbox sees it, and the agent's variable that names it there.
     *
     * @param folder   the folder in the run's private folder
     * @param target   where the sandbox sees it
     * @param variable the agent's variable naming it
     */
    public record AgentState(Path folder, String target, String variable) {
    }

    /** Has the backend mount the agent's state folder; a backend that cannot leaves the agent its own. */
    public void keepAgentState(AgentState state) {
        agentState = state;
    }

    /** The agent's state folder to mount, or null. */
    public AgentState agentState() {
        return agentState;
    }

    public RunSpec spec() {
        return spec;
    }

    public AgentKind agent() {
        return agent;
    }

    public SandboxLabels labels() {
        return labels;
    }

    public Path privateDir() {
        return privateDir;
    }

    public Map<String, Object> audit() {
        return audit;
    }

    public void phase(String name) {
        phases.start(name);
    }

    /** Records a fact for the audit from any thread; it reaches the audit when the run ends. */
    public void factAside(String key, Object value) {
        factsAside.put(key, value);
    }

    /** What {@link #factAside} recorded so far. */
    public Map<String, Object> factsAside() {
        return Map.copyOf(factsAside);
    }

    public void message(String line) {
        messages.accept(line);
    }

    /** Records the staged workspace, before anything else can fail. */
    public void workspaceStaged(StagedWorkspace workspace) {
        this.staged = workspace;
    }

    /** Records the sandbox as soon as it exists, before it is created in the backend. */
    public void sandboxCreated(Sandbox created) {
        this.sandbox = created;
    }

    /** Fails when the run was aborted: called before each step that makes something. */
    public void checkNotAborted() throws SandboxException {
        if (aborted.getAsBoolean()) {
            throw new SandboxException("the run was aborted before the agent started");
        }
    }

    public StagedWorkspace staged() {
        return staged;
    }

    public Sandbox sandbox() {
        return sandbox;
    }
}
