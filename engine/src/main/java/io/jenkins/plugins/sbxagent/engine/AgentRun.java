package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.text.Plural;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentEvents;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentUsage;
import io.jenkins.plugins.sbxagent.engine.agent.EventStreamSplitter;
import io.jenkins.plugins.sbxagent.engine.audit.PhaseClock;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCreateArguments;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerSandbox;
import io.jenkins.plugins.sbxagent.engine.backend.docker.EgressProxy;
import io.jenkins.plugins.sbxagent.engine.backend.docker.Mount;
import io.jenkins.plugins.sbxagent.engine.backend.docker.SandboxNetwork;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxClone;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxNames;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxPreflight;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxSandbox;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxSecrets;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.Entries;
import io.jenkins.plugins.sbxagent.engine.diff.PatchWriter;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.mask.MaskingOutputStream;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.publish.ChangeApplier;
import io.jenkins.plugins.sbxagent.engine.publish.ChangesJson;
import io.jenkins.plugins.sbxagent.engine.publish.ReadBack;
import io.jenkins.plugins.sbxagent.engine.publish.RiskSummaryWriter;
import io.jenkins.plugins.sbxagent.engine.risk.AnalysisInput;
import io.jenkins.plugins.sbxagent.engine.risk.RiskAnalyzer;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.GeneratedFile;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.PutFile;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SecretEnv;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import io.jenkins.plugins.sbxagent.engine.stage.CopyStaging;
import io.jenkins.plugins.sbxagent.engine.stage.Staging;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One sandboxed agent run, from preflight to cleanup. {@link #call()} runs it on the calling thread;
 * {@link #abort()} from any other thread kills the sandbox, and the run then cleans up and writes
 * its audit as after any other ending.
 *
 * <p>The phases, each timed in the audit: preflight, stage, start, agent, collect, diff, risk, publish, cleanup.
 */
public final class AgentRun {
    public static final String AGENT_LOG = "agent.log";
    public static final String CHANGES = "changes.json";
    public static final String DIFF = "diff.patch";
    /** Changes inside .git (hooks, config): git apply refuses such paths, so they get a patch of their own to review. */
    public static final String GIT_INTERNAL_DIFF = "git-internal.patch";
    public static final String AUDIT = "audit.json";
    public static final String FILES = "files";
    public static final String RISK_JSON = "risk-summary.json";
    public static final String RISK_MARKDOWN = "risk-summary.md";
    public static final String RISK_SARIF = "risk-summary.sarif";
    /** With a known agent: its JSON events, one per line, masked. */
    public static final String EVENTS = "events.jsonl";
    /** With a known agent: turns, tokens, cost, duration, its last message and how it ended. */
    public static final String USAGE = "usage.json";
    /** With network allowlist: every connection the proxy saw, allowed or denied. */
    public static final String NETWORK_LOG = "network.log";
    /** Files larger than this are written into the patch as binary literals, not as text hunks. */
    static final long TEXT_DIFF_LIMIT = 8L << 20;

    private final RunSpec spec;
    private final AgentKind agent;
    private final Policy policy;
    private final RuleBook rules;
    private final DockerCli docker;
    private final RunListener listener;
    private final Clock clock;
    private final SecretMasker masker;
    private final PhaseClock phases = new PhaseClock();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Per output, how many occurrences of a bound secret were masked in it. */
    private final Map<String, Long> secretHits = new java.util.concurrent.ConcurrentHashMap<>();
    private final SbxBackend sbx;
    /** The run's sandbox, of either backend, once there is one: an abort removes it from another thread. */
    private volatile AutoCloseable sandbox;
    private volatile EgressProxy egress;
    private StagedWorkspace staged;
    private Path privateDir;
    private volatile boolean aborted;
    private final AgentBudget budget;
    /** Why sbx-agent stopped the agent for its budget, once it has. */
    private volatile String budgetStop;

    /**
     * @param spec     what to run
     * @param policy   how the risk summary becomes a decision
     * @param rules    the risk rules in force
     * @param docker   the docker client
     * @param listener where output and messages go
     * @param clock    the time source of the audit
     */
    public AgentRun(RunSpec spec, Policy policy, RuleBook rules, DockerCli docker, RunListener listener, Clock clock) {
        this(spec, AgentKind.COMMAND, policy, rules, docker, listener, clock);
    }

    /**
     * @param agent which agent the command runs, so that its events are read: a run succeeds only when
     *              the process exits 0 and the agent's last event says it succeeded
     */
    public AgentRun(RunSpec spec, AgentKind agent, Policy policy, RuleBook rules, DockerCli docker, RunListener listener, Clock clock) {
        this(spec, agent, AgentBudget.NONE, policy, rules, docker, listener, clock);
    }

    /**
     * @param budget turns and cost sbx-agent enforces from the agent's events while it runs, killing
     *               the sandbox when one is exceeded
     */
    public AgentRun(RunSpec spec, AgentKind agent, AgentBudget budget, Policy policy, RuleBook rules, DockerCli docker, RunListener listener,
            Clock clock) {
        this.agent = agent;
        this.budget = budget;
        this.spec = spec;
        this.policy = policy;
        this.rules = rules;
        this.docker = docker;
        this.sbx = null;
        this.listener = listener;
        this.clock = clock;
        this.masker = SecretMasker.forSecrets(spec.secretValues());
        if (spec.backend() != Backend.DOCKER) {
            throw new IllegalArgumentException("a " + spec.backend().id() + " run needs its own client, not docker's");
        }
    }

    /**
     * A run in Docker Sandboxes ({@code --backend docker-sbx}).
     *
     * @param sbx the sbx client, the KVM device and the Docker account to sign in with
     */
    public AgentRun(RunSpec spec, AgentKind agent, AgentBudget budget, Policy policy, RuleBook rules, SbxBackend sbx, RunListener listener,
            Clock clock) {
        this.agent = agent;
        this.budget = budget;
        this.spec = spec;
        this.policy = policy;
        this.rules = rules;
        this.docker = null;
        this.sbx = sbx;
        this.listener = listener;
        this.clock = clock;
        this.masker = SecretMasker.forSecrets(spec.secretValues());
        if (spec.backend() != Backend.DOCKER_SBX) {
            throw new IllegalArgumentException("an sbx client runs docker-sbx runs only, not " + spec.backend().id());
        }
    }

    /** The agent's process in whichever sandbox: run with its output streamed, killed, and how it ended. */
    private interface SandboxProcess {
        /** Runs the agent to its end; {@code outputCut} is told every way its output was cut. */
        OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, java.util.function.Consumer<String> outputCut)
                throws IOException, InterruptedException;

        void kill() throws IOException, InterruptedException;

        /** How it ended, once {@link #run} returned the client's exit code. */
        Ended ended(int clientExit) throws IOException, InterruptedException;

        /** Removes the sandbox before its workspace is read. */
        void close() throws IOException, InterruptedException;
    }

    private record Ended(int exitCode, boolean oomKilled, boolean started, String error) {
    }

    /** Stages the workspace, starts the egress proxy when the run has an allow-list, and creates the container. */
    private SandboxProcess launchInDocker(Map<String, Object> audit, SandboxLabels labels) throws IOException, InterruptedException {
        audit.put("dockerServerVersion", docker.serverVersion());
        audit.put("imageId", resolveImage());
        String user = spec.user().orElseGet(() -> Staging.sandboxUser(spec.workspace()));
        audit.put("user", user);

        phases.start("stage");
        privateDir = Files.createTempDirectory(spec.workRoot(), "sbx-agent-");
        DockerSandbox box = new DockerSandbox(docker, labels);
        sandbox = box;
        staged = Staging.prepare(spec, privateDir, user, box, runner(), this::message);
        audit.put("staging", staged.kind());
        if (!staged.detail().isEmpty()) {
            audit.put("stagingDetail", staged.detail());
        }
        message("workspace staged (" + staged.kind() + (staged.detail().isEmpty() ? "" : ", " + staged.detail()) + ")");
        List<Mount> mounts = mounts(staged, privateDir, audit);
        Path envFile = writeSecrets(privateDir);
        SandboxNetwork network = spec.network() == NetworkMode.NONE ? SandboxNetwork.none() : SandboxNetwork.open();
        if (spec.network() == NetworkMode.ALLOWLIST) {
            EgressProxy proxy = EgressProxy.start(docker, labels, spec.allowHosts(), spec.egressNetwork(), spec.proxyImage(), privateDir);
            egress = proxy;
            network = proxy.sandboxNetwork();
            audit.put("allowHosts", spec.allowHosts().stream().map(Object::toString).toList());
            message("egress proxy up: only " + spec.allowHosts() + " are reachable");
        }

        phases.start("start");
        checkNotAborted();
        try {
            box.create(DockerCreateArguments.of(spec, labels, user, mounts, envFile, network));
        } finally {
            if (envFile != null) {
                Files.deleteIfExists(envFile);
            }
        }
        message("sandbox " + labels.name() + " created (network " + spec.network().id() + ")");
        return new SandboxProcess() {
            @Override
            public OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, java.util.function.Consumer<String> outputCut)
                    throws IOException, InterruptedException {
                return box.run(stdout, stderr, timeout, outputCut);
            }

            @Override
            public void kill() throws IOException, InterruptedException {
                box.kill();
            }

            @Override
            public Ended ended(int clientExit) throws IOException, InterruptedException {
                DockerSandbox.Exit exit = box.exit();
                return new Ended(exit.exitCode(), exit.oomKilled(), exit.started(), "The sandbox did not start: " + exit.error());
            }

            @Override
            public void close() throws IOException, InterruptedException {
                box.close();
            }
        };
    }

    /** Runs host commands (git, the system tools cleanup falls back on). */
    private CommandRunner runner() {
        return docker != null ? docker.runner() : new ProcessCommandRunner();
    }

    /**
     * Checks the node, stages a private copy of the workspace (the agent's own configuration paths left out: a
     * VM takes no covers), creates the microVM on it, closes or opens its network, hands secrets to sbx's proxy
     * where it can hold them, and copies put and generated files in.
     */
    private SandboxProcess launchInSbx(Map<String, Object> audit, SandboxLabels labels) throws IOException, InterruptedException {
        audit.put("sbxVersion", new SbxPreflight(sbx.cli(), sbx.kvm()).check(sbx.login()));

        phases.start("stage");
        privateDir = Files.createTempDirectory(spec.workRoot(), "sbx-agent-");
        Set<String> excluded = new LinkedHashSet<>(spec.hiddenPaths());
        spec.outputsInsideWorkspace().ifPresent(excluded::add);
        staged = CopyStaging.prepare(spec.workspace(), privateDir, excluded, null);
        audit.put("staging", staged.kind());
        audit.put("hidden", List.copyOf(spec.hiddenPaths()));
        Path copy = Path.of(staged.mount().source());
        boolean cloneMode = spec.workspaceMode() == WorkspaceMode.CLONE;
        SbxClone clone = cloneMode ? SbxClone.prepare(copy, privateDir.resolve("repository"), runner()) : null;
        Path shared = cloneMode ? clone.repository() : copy;

        phases.start("start");
        checkNotAborted();
        // the run's unique name (tenant hash, run id, random part), under the prefix gc knows
        SbxSandbox box = new SbxSandbox(sbx.cli(), SbxNames.forRun(labels.name().substring(SbxNames.PREFIX.length())));
        sandbox = box;
        box.create(agent, shared, cloneMode, spec.image(), spec.limits().cpus(), spec.limits().memoryBytes());
        switch (spec.network()) {
            case NONE -> box.denyAll();
            // a bare host means ports 80 and 443, as through the docker backend's proxy
            case ALLOWLIST -> box.allow(spec.allowHosts().stream()
                    .flatMap(host -> host.ports().stream().map(port -> host.host() + ":" + port)).toList());
            case OPEN -> box.allow(List.of("**"));
        }
        audit.put("allowHosts", spec.allowHosts().stream().map(Object::toString).toList());
        Map<String, String> plain = new LinkedHashMap<>(spec.environment());
        List<String> proxied = new ArrayList<>();
        for (SecretEnv secret : spec.secrets()) {
            var service = SbxSecrets.serviceOf(secret.name());
            if (service.isPresent()) {
                box.secret(service.get(), secret.value());
                proxied.add(secret.name());
            } else {
                plain.put(secret.name(), secret.value());
            }
        }
        // the audit says which secrets the VM never held, and which it did
        audit.put("secretsProxied", proxied);
        audit.put("secretsInEnvironment", spec.secrets().stream().map(SecretEnv::name).filter(name -> !proxied.contains(name)).toList());
        for (Map.Entry<Path, String> file : privateInputs(privateDir, audit).entrySet()) {
            box.put(file.getKey(), file.getValue());
        }
        Path envFile = writeVariables(privateDir, plain);
        message("sandbox " + box.name() + " created (docker-sbx, network " + spec.network().id() + ")");
        return new SandboxProcess() {
            @Override
            public OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, java.util.function.Consumer<String> outputCut)
                    throws IOException, InterruptedException {
                try {
                    return box.exec(envFile, shared.toString(), spec.command(), stdout, stderr, timeout, outputCut);
                } finally {
                    if (envFile != null) {
                        Files.deleteIfExists(envFile);
                    }
                }
            }

            @Override
            public void kill() throws IOException, InterruptedException {
                box.close();
            }

            @Override
            public Ended ended(int clientExit) throws IOException, InterruptedException {
                // sbx exec passes the command's exit code on, and fails with 1 itself too: a 1 is the agent's only while
                // its sandbox exists. The VM reports no out-of-memory kill.
                if (clientExit == 1 && budgetStop == null && !box.exists()) {
                    return new Ended(clientExit, false, false, "sbx exec failed and sandbox " + box.name() + " no longer exists: sbx's"
                            + " own failure, not the agent's");
                }
                return new Ended(clientExit, false, true, "");
            }

            @Override
            public void close() throws IOException, InterruptedException {
                // clone mode: the agent's work lives in the VM until it is fetched, which needs the sandbox; a run the
                // budget or an abort stopped has lost its sandbox, and with it that work
                if (cloneMode && box.exists()) {
                    clone.bringBack(sbx.cli(), box.name(), runner());
                    message("the agent's commits fetched from " + box.name());
                }
                box.close();
            }
        };
    }

    /** Runs the agent and returns what it did. Never throws for the agent's or the sandbox's failures: they are outcomes. */
    public RunResult call() throws InterruptedException {
        Instant startedAt = clock.instant();
        Map<String, Object> audit = new LinkedHashMap<>();
        SandboxLabels labels = SandboxLabels.forRun(spec.tenant(), spec.runId(), startedAt, spec.limits().timeout());
        RunOutcome outcome = RunOutcome.SANDBOX_ERROR;
        String error = "";
        int agentExit = -1;
        List<Change> changes = List.of();
        boolean applied = false;
        RiskReport risk = null;
        GateResult gate = null;
        AgentUsage usage = null;
        try {
            phases.start("preflight");
            prepareOutputs();
            SandboxProcess process = spec.backend() == Backend.DOCKER_SBX ? launchInSbx(audit, labels) : launchInDocker(audit, labels);

            phases.start("agent");
            checkNotAborted();
            AgentLog log = new AgentLog(spec.outputs().resolve(AGENT_LOG), listener, spec.limits().logBytes());
            OptionalInt clientExit;
            OutputStream agentOut = counted(AGENT_LOG, masker.wrap(log));
            OutputStream agentErr = counted(AGENT_LOG, masker.wrap(log));
            AgentEvents reader = agent == AgentKind.COMMAND ? null : new AgentEvents(agent);
            OutputStream eventsOut = reader == null ? null : masked(spec.outputs().resolve(EVENTS));
            // the agent's JSON events to events.jsonl (and its reader), any other line to agent.log
            EventStreamSplitter splitter = reader == null ? null : new EventStreamSplitter(eventsOut, agentOut, event -> {
                reader.accept(event);
                watchBudget(reader, process);
            });
            List<String> outputCut = new ArrayList<>();
            try (agentOut; agentErr; eventsOut; splitter) {
                clientExit = process.run(splitter == null ? agentOut : splitter, agentErr, spec.limits().timeout(), outputCut::add);
            } finally {
                log.finish();
                audit.put("logBytes", log.written());
                audit.put("logBytesDropped", log.dropped());
                // every way the agent's output can be cut is on the record, never silent
                if (log.dropped() > 0) {
                    outputCut.add(log.dropped() + " bytes past the log limit of " + spec.limits().logBytes() + " were counted and dropped");
                }
                audit.put("outputCut", List.copyOf(outputCut));
                outputCut.forEach(problem -> message("output cut: " + problem));
            }
            if (aborted) {
                // the sandbox is gone already: nothing to collect
                throw new SandboxException("the run was aborted while the agent ran");
            }
            Ended exit = process.ended(clientExit.orElse(-1));
            audit.put("oomKilled", exit.oomKilled());
            if (clientExit.isEmpty()) {
                outcome = RunOutcome.TIMED_OUT;
                message("the agent ran past the timeout of " + spec.limits().timeout().toSeconds() + " s; the sandbox was killed");
            } else {
                if (!exit.started()) {
                    throw new SandboxException(exit.error() + " (see " + AGENT_LOG + ")");
                }
                agentExit = exit.exitCode();
                outcome = agentExit == 0 ? RunOutcome.SUCCEEDED : RunOutcome.AGENT_FAILED;
                message("agent exited with code " + agentExit + (exit.oomKilled() ? " (killed: out of memory)" : ""));
            }
            if (budgetStop != null) {
                reader.stoppedBy(budgetStop);
                outcome = aborted ? RunOutcome.INTERRUPTED : RunOutcome.AGENT_FAILED;
                audit.put("budgetStop", budgetStop);
            }
            if (reader != null) {
                usage = reader.usage();
                writeUsage(usage);
                audit.put("agent", Map.of("kind", agent.id(), "ended", usage.ended(), "reportedError", usage.reportedError(),
                        "endReason", String.valueOf(usage.endReason()), "overBudget", usage.overBudget()));
                if (outcome == RunOutcome.SUCCEEDED && !usage.succeeded()) {
                    // Claude Code can exit 0 with is_error: the agent's own word counts too
                    outcome = RunOutcome.AGENT_FAILED;
                    message("the agent " + (usage.ended() ? "reported an error (" + usage.endReason() + ")" : "ended without a final event")
                            + (usage.overBudget() ? ": its budget ran out" : ""));
                }
            }

            phases.start("collect");
            // removing the sandbox ends whatever still writes (and unmounts an overlay, whose upper layer can then be read)
            process.close();
            if (spec.backend() == Backend.DOCKER_SBX) {
                recordDroppedPaths(audit);
            }
            if (egress != null) {
                writeNetworkLog(egress);
            }
            changes = staged.detectChanges();
            audit.put("changeCount", Change.count(changes));
            audit.put("reads", readBack(staged));

            phases.start("diff");
            // the change list first: whatever happens to the diff, the record of what changed exists
            try (OutputStream out = masked(spec.outputs().resolve(CHANGES))) {
                ChangesJson.write(out, staged.kind(), changes);
            }
            List<String> diffProblems = writeDiff(staged, changes);
            if (!diffProblems.isEmpty()) {
                audit.put("diffProblems", diffProblems);
            }

            phases.start("risk");
            risk = new RiskAnalyzer(rules, masker).analyze(new AnalysisInput(changes, staged.before(), staged.after(),
                    spec.outputs().resolve(AGENT_LOG), secretHits, egress == null ? null : spec.outputs().resolve(NETWORK_LOG)));
            gate = GateEvaluator.evaluate(policy, risk);
            writeRiskSummary(risk, gate, rules, usage);
            audit.put("risk", Map.of("level", risk.level().id(), "findings", risk.findings().size(), "decision", gate.decision().id(),
                    "gate", gate.messages()));
            message("risk " + risk.level().id() + ", " + Plural.of(risk.findings().size(), "finding", "findings") + ": decision "
                    + gate.decision().id());

            phases.start("publish");
            applied = apply(staged, changes, outcome, gate, audit);
        } catch (IOException | RuntimeException e) {
            error = masker.mask(String.valueOf(e.getMessage()));
            outcome = aborted ? RunOutcome.INTERRUPTED : RunOutcome.SANDBOX_ERROR;
            message("run failed: " + error);
        } finally {
            phases.start("cleanup");
            error = cleanup(staged, privateDir, error);
            phases.stop();
            if (!error.isEmpty() && outcome != RunOutcome.INTERRUPTED) {
                outcome = RunOutcome.SANDBOX_ERROR;
            }
            writeAudit(audit, labels, startedAt, outcome, agentExit, error, applied);
            finished.countDown();
        }
        return new RunResult(outcome, agentExit, labels.name(), String.valueOf(audit.getOrDefault("staging", "")), changes,
                applied, spec.outputs(), phases.millis(), error, risk, gate, usage);
    }

    /** After each event: past its budget, the agent is stopped; the kill runs aside so that output keeps draining meanwhile. */
    private void watchBudget(AgentEvents reader, SandboxProcess box) {
        if (budgetStop != null || budget.equals(AgentBudget.NONE)) {
            return;
        }
        AgentUsage usage = reader.usage();
        String over = budget.exceededBy(usage);
        // the final answer counts as a turn when the agent ends (codex, gemini): an agent that already finished is not stopped
        if (over == null || usage.ended()) {
            return;
        }
        budgetStop = over;
        message("budget exceeded (" + over + "): stopping the agent");
        Thread kill = new Thread(() -> {
            try {
                box.kill();
            } catch (IOException e) {
                message("could not stop the agent: " + e.getMessage() + "; the timeout still bounds it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sbx-agent budget stop " + spec.runId());
        kill.setDaemon(true);
        kill.start();
    }

    /**
     * Kills the sandbox of a run that is going and waits (a little) until that run has cleaned up.
     * Safe to call at any time, any number of times.
     */
    public void abort() {
        aborted = true;
        for (String problem : closeSandbox()) {
            message("abort: " + problem);
        }
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkNotAborted() throws SandboxException {
        if (aborted) {
            throw new SandboxException("the run was aborted before the agent started");
        }
    }

    private void prepareOutputs() throws IOException {
        Files.createDirectories(spec.outputs());
        for (String name : List.of(AGENT_LOG, CHANGES, DIFF, GIT_INTERNAL_DIFF, AUDIT, RISK_JSON, RISK_MARKDOWN, RISK_SARIF, NETWORK_LOG, EVENTS,
                USAGE)) {
            Files.deleteIfExists(spec.outputs().resolve(name));
        }
        Trees.delete(spec.outputs().resolve(FILES));
    }

    private String resolveImage() throws IOException, InterruptedException {
        var id = docker.imageId(spec.image());
        if (id.isPresent()) {
            return id.get();
        }
        message("pulling " + spec.image());
        docker.pull(spec.image());
        return docker.imageId(spec.image()).orElseThrow(() -> new SandboxException("image " + spec.image() + " is missing after the pull"));
    }

    private List<Mount> mounts(StagedWorkspace staged, Path privateDir, Map<String, Object> audit) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(staged.mount());
        var outputsInside = spec.outputsInsideWorkspace();
        if (outputsInside.isPresent()) {
            // the outputs folder lies in the workspace: hide it behind an empty read-only folder
            Path empty = Files.createDirectory(privateDir.resolve("empty"));
            Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
            mounts.add(Mount.bind(empty.toString(), RunSpec.SANDBOX_WORKSPACE + "/" + outputsInside.get(), true));
        }
        mounts.addAll(hiddenPaths(privateDir, audit));
        privateInputs(privateDir, audit).forEach((file, target) -> mounts.add(Mount.bind(file.toString(), target, true)));
        return mounts;
    }

    /**
     * The deliberate file inputs as private, read-only files: a checked copy of each put file, and each generated file
     * written out, all hashed in the audit. Returns each private file with its target in the sandbox, in order.
     */
    private Map<Path, String> privateInputs(Path privateDir, Map<String, Object> audit) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        List<Map<String, Object>> puts = new ArrayList<>();
        List<Map<String, Object>> generated = new ArrayList<>();
        Path dir = privateDir.resolve("put");
        if (!spec.puts().isEmpty() || !spec.generated().isEmpty()) {
            Files.createDirectory(dir);
        }
        int index = 0;
        for (PutFile put : spec.puts()) {
            files.put(privateCopy(put, dir.resolve(Integer.toString(index++)), puts), put.target());
        }
        index = 0;
        for (GeneratedFile file : spec.generated()) {
            Path written = dir.resolve("generated-" + index++);
            Files.writeString(written, file.content(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("r--r--r--"));
            files.put(written, file.target());
            generated.add(auditEntry(null, file.target(), written));
        }
        audit.put("puts", puts);
        audit.put("generated", generated);
        return files;
    }

    /** What the audit records of a file that crossed in: where from (for a put file), where to, its size and hash. */
    private static Map<String, Object> auditEntry(Path source, String target, Path crossed) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (source != null) {
            entry.put("source", source.toString());
        }
        entry.put("target", target);
        entry.put("size", Files.size(crossed));
        entry.put("sha256", Entries.sha256(crossed));
        return entry;
    }

    /**
     * Covers each hidden workspace path that exists with an empty read-only folder or file: the agent
     * neither reads nor changes what lies there. A path that does not exist needs no cover (a mount
     * point would create it); the agent creating it is a change like any other, rated by the risk rules.
     */
    private List<Mount> hiddenPaths(Path privateDir, Map<String, Object> audit) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        Path folder = privateDir.resolve("hidden-folder");
        Path file = privateDir.resolve("hidden-file");
        for (String hidden : spec.hiddenPaths()) {
            Path inWorkspace = spec.workspace().resolve(hidden);
            Path cover;
            if (Files.isDirectory(inWorkspace)) {
                if (Files.notExists(folder)) {
                    Files.createDirectory(folder);
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
                }
                cover = folder;
            } else if (Files.exists(inWorkspace)) {
                if (Files.notExists(file)) {
                    Files.createFile(file);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
                }
                cover = file;
            } else {
                continue;
            }
            mounts.add(Mount.bind(cover.toString(), RunSpec.SANDBOX_WORKSPACE + "/" + hidden, true));
            covered.add(hidden);
        }
        audit.put("hidden", covered);
        return mounts;
    }

    /** In a docker-sbx copy the kept-back paths were left out: whatever the agent wrote there is dropped, and said so. */
    private void recordDroppedPaths(Map<String, Object> audit) {
        Path copy = Path.of(staged.mount().source());
        List<String> written = spec.hiddenPaths().stream().filter(path -> Files.exists(copy.resolve(path), LinkOption.NOFOLLOW_LINKS)).toList();
        if (!written.isEmpty()) {
            audit.put("hiddenWritten", written);
            message("the agent wrote " + written + ", which it was not shown; dropped, not applied");
        }
    }

    /**
     * A private copy of a put file: what the sandbox gets cannot change under it, and is what the audit hashes. The
     * source must still be the regular file the spec approved, not a link swapped in since.
     */
    private static Path privateCopy(PutFile put, Path copy, List<Map<String, Object>> audit) throws IOException {
        if (!Files.isRegularFile(put.source(), LinkOption.NOFOLLOW_LINKS) || !put.source().toRealPath().equals(put.source())) {
            throw new SandboxException("The put file " + put.source() + " changed since it was checked; nothing was put in.");
        }
        Files.copy(put.source(), copy, LinkOption.NOFOLLOW_LINKS);
        // read-only either way; an executable (a tool the agent needs) stays executable
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(Files.isExecutable(put.source()) ? "r-xr-xr-x" : "r--r--r--"));
        audit.add(auditEntry(put.source(), put.target(), copy));
        return copy;
    }

    /** Writes the secret variables into a file only this user can read, for the client's --env-file. */
    private Path writeSecrets(Path privateDir) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        spec.secrets().forEach(secret -> secrets.put(secret.name(), secret.value()));
        return writeVariables(privateDir, secrets);
    }

    /** Variables into a file only this user can read, for the client's --env-file; null when there are none. */
    private static Path writeVariables(Path privateDir, Map<String, String> variables) throws IOException {
        if (variables.isEmpty()) {
            return null;
        }
        Path file = privateDir.resolve("secrets.env");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder content = new StringBuilder();
        variables.forEach((name, value) -> content.append(name).append('=').append(value).append('\n'));
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        return file;
    }

    private void writeRiskSummary(RiskReport risk, GateResult gate, RuleBook rules, AgentUsage usage) throws IOException {
        RiskSummaryWriter writer = new RiskSummaryWriter(risk, gate, rules, agent.id(), usage, masker::mask);
        try (OutputStream out = masked(spec.outputs().resolve(RISK_JSON))) {
            writer.writeJson(out);
        }
        try (OutputStream out = masked(spec.outputs().resolve(RISK_MARKDOWN))) {
            writer.writeMarkdown(out);
        }
        try (OutputStream out = masked(spec.outputs().resolve(RISK_SARIF))) {
            writer.writeSarif(out);
        }
    }

    private void writeUsage(AgentUsage usage) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 1);
        json.put("agent", agent.id());
        json.put("events", usage.events());
        json.put("turns", usage.turns());
        json.put("inputTokens", usage.inputTokens());
        json.put("outputTokens", usage.outputTokens());
        json.put("costUsd", usage.costUsd());
        json.put("durationMs", usage.durationMs());
        json.put("ended", usage.ended());
        json.put("reportedError", usage.reportedError());
        json.put("endReason", usage.endReason());
        json.put("overBudget", usage.overBudget());
        json.put("succeeded", usage.succeeded());
        json.put("finalMessage", usage.finalMessage());
        try (OutputStream out = masked(spec.outputs().resolve(USAGE))) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, json);
        }
    }

    private void writeNetworkLog(EgressProxy proxy) throws IOException, InterruptedException {
        try (OutputStream out = masked(spec.outputs().resolve(NETWORK_LOG))) {
            out.write(proxy.accessLog().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes the patches; a change that cannot be written is left out and named in the result, never the whole diff. */
    private List<String> writeDiff(StagedWorkspace staged, List<Change> changes) throws IOException {
        List<String> problems = new ArrayList<>();
        try (OutputStream out = masked(spec.outputs().resolve(DIFF));
                OutputStream gitOut = masked(spec.outputs().resolve(GIT_INTERNAL_DIFF))) {
            PatchWriter patch = new PatchWriter(out, staged.before(), staged.after(), TEXT_DIFF_LIMIT, masker);
            PatchWriter gitPatch = new PatchWriter(gitOut, staged.before(), staged.after(), TEXT_DIFF_LIMIT, masker);
            for (Change change : changes) {
                try {
                    (change.isGitInternal() ? gitPatch : patch).write(change);
                } catch (IOException | RuntimeException e) {
                    problems.add(change.path() + ": " + e.getMessage());
                    message("diff: " + change.path() + " left out: " + e.getMessage());
                }
            }
        }
        return problems;
    }

    private List<Map<String, Object>> readBack(StagedWorkspace staged) throws IOException {
        List<Map<String, Object>> reads = new ArrayList<>();
        for (String path : spec.reads()) {
            ReadBack.Outcome read = ReadBack.read(staged.after(), path, spec.outputs().resolve(FILES), spec.limits().readBytes(),
                    target -> counted(FILES + "/" + path, masker.wrap(target)));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", read.path());
            entry.put("copied", read.copied());
            entry.put("size", read.size());
            if (!read.copied()) {
                entry.put("reason", read.reason());
                message("--read " + path + ": " + read.reason());
            }
            reads.add(entry);
        }
        return reads;
    }

    private boolean apply(StagedWorkspace staged, List<Change> changes, RunOutcome outcome, GateResult gate, Map<String, Object> audit)
            throws IOException {
        if (!spec.apply()) {
            audit.put("apply", "not requested");
            return false;
        }
        if (staged.writesHostWorkspace()) {
            audit.put("apply", "not needed: workspace mode mount wrote to the workspace directly");
            return false;
        }
        if (outcome != RunOutcome.SUCCEEDED) {
            audit.put("apply", "skipped: the run " + outcome.id());
            message("--apply skipped: the run " + outcome.id());
            return false;
        }
        if (gate.decision() != Decision.PASS) {
            audit.put("apply", "withheld: the gate decided " + gate.decision().id());
            message("--apply withheld: the gate decided " + gate.decision().id() + "; see " + RISK_MARKDOWN);
            return false;
        }
        new ChangeApplier(spec.workspace(), staged.after()).apply(changes);
        audit.put("apply", "applied: the gate passed");
        message("applied " + Plural.of(Change.count(changes), "changed entry", "changed entries")
                + " to the workspace");
        return true;
    }

    /**
     * Removes the sandbox, then the allow-list network and its firewall rule; each is tried even when
     * the one before failed. Safe to call any number of times. Returns what could not be removed.
     */
    private List<String> closeSandbox() {
        List<String> problems = new ArrayList<>();
        for (AutoCloseable part : java.util.Arrays.asList(sandbox, egress)) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while removing the sandbox");
            } catch (Exception e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    private String cleanup(StagedWorkspace staged, Path privateDir, String error) {
        List<String> problems = new ArrayList<>();
        if (!error.isEmpty()) {
            problems.add(error);
        }
        problems.addAll(closeSandbox());
        try {
            if (staged != null) {
                staged.close();
            }
            if (privateDir != null) {
                Trees.delete(privateDir);
            }
        } catch (IOException e) {
            // names past PATH_MAX or folders the agent locked: let the system tools, which walk
            // relative to each folder and never follow links, finish the job
            boolean gone = false;
            try {
                gone = Trees.forceDelete(privateDir, runner());
            } catch (IOException fallback) {
                e.addSuppressed(fallback);
            } catch (InterruptedException fallback) {
                Thread.currentThread().interrupt();
            }
            if (!gone) {
                problems.add("cannot delete " + privateDir + ": " + e.getMessage() + "; run 'sbx-agent gc' to remove it");
            }
        }
        return masker.mask(String.join("; ", problems));
    }

    private void writeAudit(Map<String, Object> facts, SandboxLabels labels, Instant startedAt, RunOutcome outcome, int agentExit,
            String error, boolean applied) {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("schemaVersion", 1);
        audit.put("tenant", spec.tenant());
        audit.put("runId", spec.runId());
        audit.put("backend", spec.backend().id());
        audit.put("sandboxName", labels.name());
        audit.put("image", spec.image());
        audit.put("command", spec.command());
        audit.put("workspace", spec.workspace().toString());
        audit.put("workspaceMode", spec.workspaceMode().id());
        audit.put("network", spec.network().id());
        audit.put("environment", spec.environment().keySet());
        audit.put("secretNames", spec.secrets().stream().map(SecretEnv::name).toList());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("timeoutSeconds", spec.limits().timeout().toSeconds());
        limits.put("cpus", spec.limits().cpus());
        limits.put("memoryBytes", spec.limits().memoryBytes());
        limits.put("pids", spec.limits().pids());
        limits.put("logBytes", spec.limits().logBytes());
        limits.put("readBytes", spec.limits().readBytes());
        limits.put("tmpfsBytes", spec.limits().tmpfsBytes());
        audit.put("limits", limits);
        audit.put("hardening", Map.of("capDrop", "ALL", "noNewPrivileges", true, "readOnlyRoot", spec.readOnlyRoot(),
                "init", true, "dockerArgs", spec.dockerArgs()));
        audit.putAll(facts);
        audit.put("outcome", outcome.id());
        audit.put("exitCode", agentExit);
        audit.put("applied", applied);
        audit.put("error", error);
        audit.put("startedAt", startedAt.toString());
        audit.put("finishedAt", clock.instant().toString());
        audit.put("phasesMillis", phases.millis());
        try (OutputStream out = masked(spec.outputs().resolve(AUDIT))) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, audit);
        } catch (IOException e) {
            message("cannot write " + AUDIT + ": " + e.getMessage());
        }
    }

    /** A new file in the outputs, written through the secret masker, its masked secrets counted. */
    private OutputStream masked(Path file) throws IOException {
        return counted(file.getFileName().toString(), masker.wrap(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), 64 * 1024)));
    }

    /** Records, when the stream closes, how many secrets it masked. */
    private OutputStream counted(String name, MaskingOutputStream stream) {
        return new java.io.FilterOutputStream(stream) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                super.close();
                secretHits.merge(name, stream.matches(), Long::sum);
            }
        };
    }

    private void message(String line) {
        listener.message(masker.mask(line));
    }
}
