package io.jenkins.plugins.sbxagent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentUsage;
import io.jenkins.plugins.sbxagent.engine.agent.OutputSchema;
import io.jenkins.plugins.sbxagent.engine.agent.BudgetWatch;
import io.jenkins.plugins.sbxagent.engine.audit.PhaseClock;
import io.jenkins.plugins.sbxagent.engine.audit.RunAudit;
import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxExit;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLaunch;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerBackend;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxBackend;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.deliver.DeliveredBranch;
import io.jenkins.plugins.sbxagent.engine.deliver.GatedDelivery;
import io.jenkins.plugins.sbxagent.engine.gate.GateEvaluator;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.publish.GatedApply;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.review.ReviewPage;
import io.jenkins.plugins.sbxagent.engine.risk.AnalysisInput;
import io.jenkins.plugins.sbxagent.engine.risk.RiskAnalyzer;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.session.AgentStateFolder;
import io.jenkins.plugins.sbxagent.engine.session.SessionSeed;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import io.jenkins.plugins.sbxagent.engine.text.Plural;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One sandboxed agent run, from preflight to cleanup. {@link #call()} runs it on the calling thread;
 * {@link #abort()} from any other thread kills the sandbox, and the run then cleans up and writes
 * its audit as after any other ending.
 *
 * <p>The phases, each timed in the audit: preflight, stage, start, agent, collect, diff, risk, publish, cleanup.
 * The sandbox is the {@link SandboxBackend}'s; everything else is the same for every backend.
 */
public final class AgentRun {
    private final RunSpec spec;
    private final AgentKind agent;
    private final AgentBudget budget;
    private OutputSchema outputSchema;
    private BranchDelivery delivery;
    private SessionSeed session;
    private final Policy policy;
    private final Supplier<RuleBook> rules;
    private final SandboxBackend backend;
    private final RunListener listener;
    private final Clock clock;
    private final SecretMasker masker;
    private final RunOutputs outputs;
    private final PhaseClock phases;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** What the backend has made so far: an abort removes its sandbox from another thread. */
    private volatile SandboxLaunch launch;
    private volatile boolean aborted;

    /** A plain command in a Docker container; see {@link #AgentRun(RunSpec, AgentKind, AgentBudget, Policy, RuleBook, SandboxBackend, RunListener, Clock)}. */
    public AgentRun(RunSpec spec, Policy policy, RuleBook rules, DockerCli docker, RunListener listener, Clock clock) {
        this(spec, AgentKind.COMMAND, AgentBudget.NONE, policy, rules, new DockerBackend(docker), listener, clock);
    }

    /** A known agent in a Docker container, without a budget. */
    public AgentRun(RunSpec spec, AgentKind agent, Policy policy, RuleBook rules, DockerCli docker, RunListener listener, Clock clock) {
        this(spec, agent, AgentBudget.NONE, policy, rules, new DockerBackend(docker), listener, clock);
    }

    /** A known agent in a Docker container. */
    public AgentRun(RunSpec spec, AgentKind agent, AgentBudget budget, Policy policy, RuleBook rules, DockerCli docker, RunListener listener,
            Clock clock) {
        this(spec, agent, budget, policy, rules, new DockerBackend(docker), listener, clock);
    }

    /** Any backend (e.g. Docker Sandboxes, {@code --backend docker-sbx}), with rules already read; see {@link #AgentRun(RunSpec, AgentKind, AgentBudget, Policy, Supplier, SandboxBackend, RunListener, Clock)}. */
    public AgentRun(RunSpec spec, AgentKind agent, AgentBudget budget, Policy policy, RuleBook rules, SandboxBackend backend,
            RunListener listener, Clock clock) {
        this(spec, agent, budget, policy, () -> rules, backend, listener, clock);
    }

    /**
     * @param spec     what to run
     * @param agent    which agent the command runs, so that its events are read: a run succeeds only when
     *                 the process exits 0 and the agent's last event says it succeeded
     * @param budget   turns and cost sbx-agent enforces from the agent's events while it runs
     * @param policy   how the risk summary becomes a decision
     * @param rules    the risk rules in force, asked for when the risk phase begins: a tool that has just started
     *                 reads them on another thread while the agent runs
     * @param backend  where the sandbox runs; it must be the one {@code spec} names
     * @param listener where output and messages go
     * @param clock    the time source of the audit
     */
    public AgentRun(RunSpec spec, AgentKind agent, AgentBudget budget, Policy policy, Supplier<RuleBook> rules, SandboxBackend backend,
            RunListener listener, Clock clock) {
        if ((spec.backend() == Backend.DOCKER_SBX) != (backend instanceof SbxBackend)) {
            throw new IllegalArgumentException("a " + spec.backend().id() + " run cannot use the client of another backend");
        }
        this.spec = spec;
        this.agent = agent;
        this.budget = budget;
        this.policy = policy;
        this.rules = rules;
        this.backend = backend;
        this.listener = listener;
        this.clock = clock;
        this.phases = new PhaseClock(listener::phase);
        this.masker = SecretMasker.forSecrets(spec.secretValues());
        this.outputs = new RunOutputs(spec.outputs(), masker, this::message);
    }

    /**
     * The schema the agent's final answer must meet: the answer is checked against it, written as {@code answer.json} when
     * it meets it, and the run fails naming the schema's complaint when it does not. The agent's command line must say
     * so too ({@link io.jenkins.plugins.sbxagent.engine.agent.AgentRequest#outputSchema}). Before {@link #call()}.
     */
    public AgentRun withOutputSchema(OutputSchema schema) {
        this.outputSchema = schema;
        return this;
    }

    /**
     * Continues the session an earlier run left ({@code --resume-session}): the new sandbox's state folder starts with its
     * files, checked by {@link SessionSeed#read}. The agent's command line must say so too
     * ({@link io.jenkins.plugins.sbxagent.engine.agent.AgentRequest#session}). The docker backend only, so far. Before
     * {@link #call()}.
     */
    public AgentRun withSession(SessionSeed value) {
        if (value != null && spec.backend() == Backend.DOCKER_SBX) {
            throw new SpecException(SessionSeed.FIELD, "sessions continue on the docker backend only so far.", "Use --backend docker.");
        }
        this.session = value;
        return this;
    }

    /**
     * Delivers the change set as a new branch of the workspace's repository once the run succeeded and the gate passed
     * ({@code --deliver-branch}). A run that lets the agent write the repository itself ({@code mount}) cannot deliver.
     * Before {@link #call()}.
     */
    public AgentRun withDelivery(BranchDelivery value) {
        if (value != null && spec.workspaceMode() == WorkspaceMode.MOUNT) {
            throw new SpecException(BranchDelivery.FIELD, "a mount-mode run lets the agent write the repository's .git, whose commands"
                    + " delivery would then run.", "Use --workspace-mode copy (the default).");
        }
        this.delivery = value;
        return this;
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
        JsonNode answer = null;
        DeliveredBranch delivered = null;
        try {
            phases.start("preflight");
            outputs.prepare();
            launch = new SandboxLaunch(spec, agent, labels, Files.createTempDirectory(spec.workRoot(), "sbx-agent-"), audit, phases,
                    this::message, () -> aborted);
            GatedDelivery gatedDelivery = delivery == null ? null : new GatedDelivery(delivery, backend.runner(), masker, this::message);
            if (gatedDelivery != null) {
                gatedDelivery.preflight(spec.workspace(), launch.privateDir());
            }
            Optional<AgentStateFolder> state = AgentStateFolder.prepare(agent, spec.backend(), launch, session, audit);
            Sandbox sandbox = backend.create(launch);

            phases.start("agent");
            launch.checkNotAborted();
            BudgetWatch watch = new BudgetWatch(budget, sandbox::stop, this::message, spec.runId());
            if (budget.maxTurns() != null || budget.maxCostUsd() != null) {
                Map<String, Object> limits = new LinkedHashMap<>();
                limits.put("maxTurns", budget.maxTurns());
                limits.put("maxCostUsd", budget.maxCostUsd());
                audit.put("budget", limits);
            }
            AgentPhase.Ended ran = AgentPhase.run(sandbox, agent, spec.limits(), watch, outputs, masker, listener, audit, this::message);
            if (aborted) {
                // the sandbox is gone already: nothing to collect
                throw new SandboxException("the run was aborted while the agent ran");
            }
            SandboxExit exit = sandbox.exit(ran.clientExit().orElse(-1), watch.stoppedBy() != null);
            audit.put("oomKilled", exit.oomKilled());
            if (ran.clientExit().isEmpty()) {
                outcome = RunOutcome.TIMED_OUT;
                message("the agent ran past the timeout of " + spec.limits().timeout().toSeconds() + " s; the sandbox was killed");
            } else if (!exit.started()) {
                throw new SandboxException(exit.error() + " (see " + RunOutputs.AGENT_LOG + ")");
            } else {
                agentExit = exit.exitCode();
                outcome = agentExit == 0 ? RunOutcome.SUCCEEDED : RunOutcome.AGENT_FAILED;
                message("agent exited with code " + agentExit + (exit.oomKilled() ? " (killed: out of memory)" : ""));
            }
            if (watch.stoppedBy() != null) {
                ran.events().stoppedBy(watch.stoppedBy());
                outcome = aborted ? RunOutcome.INTERRUPTED : RunOutcome.AGENT_FAILED;
                audit.put("budgetStop", watch.stoppedBy());
            }
            if (ran.events() != null) {
                usage = ran.events().usage();
                outcome = recordUsage(usage, outcome, audit);
                if (outputSchema != null) {
                    OutputSchema.Answer checked = outputSchema.check(usage.finalMessage());
                    outcome = recordAnswer(checked, outcome, audit);
                    answer = checked.valid() ? checked.value() : null;
                }
            }

            phases.start("collect");
            // removing the sandbox ends whatever still writes (and unmounts an overlay, whose upper layer can then be read)
            sandbox.remove();
            if (state.isPresent() && usage != null) {
                state.get().keep(usage.sessionId(), outputs, masker, this::message, audit);
            }
            var networkLog = sandbox.networkLog();
            if (networkLog.isPresent()) {
                outputs.writeNetworkLog(networkLog.get());
            }
            StagedWorkspace staged = launch.staged();
            changes = staged.detectChanges();
            audit.put("changeCount", Change.count(changes));
            audit.put("reads", outputs.readBack(staged, spec.reads(), spec.limits().readBytes()));

            phases.start("diff");
            // the change list first: whatever happens to the diff, the record of what changed exists
            Set<String> ignoredByGit = RiskAnalyzer.ignoredByGit(changes, staged.after());
            outputs.writeChanges(staged.kind(), changes, ignoredByGit);
            List<String> diffProblems = outputs.writeDiff(staged, changes);
            if (!diffProblems.isEmpty()) {
                audit.put("diffProblems", diffProblems);
            }

            phases.start("risk");
            RuleBook ruleBook = rules.get();
            risk = new RiskAnalyzer(ruleBook, masker).analyze(new AnalysisInput(changes, staged.before(), staged.after(),
                    outputs.resolve(RunOutputs.AGENT_LOG), outputs.secretHits(), networkLog.isPresent() ? outputs.resolve(RunOutputs.NETWORK_LOG) : null,
                    ignoredByGit));
            gate = GateEvaluator.evaluate(policy, risk);
            outputs.writeRiskSummary(risk, gate, ruleBook, agent.id(), usage);
            audit.put("risk", Map.of("level", risk.level().id(), "findings", risk.findings().size(), "decision", gate.decision().id(),
                    "gate", gate.messages()));
            message("risk " + risk.level().id() + ", " + Plural.of(risk.findings().size(), "finding", "findings") + ": decision "
                    + gate.decision().id());

            phases.start("publish");
            // the branch first: it is checked against HEAD by the workspace as it was, which --apply then changes
            if (gatedDelivery != null) {
                delivered = gatedDelivery.deliver(spec.workspace(), staged, changes,
                        ignoredByGit, outcome.id(), gate, new GatedDelivery.RunStamp(spec.runId(), agent.id(), risk.level().id(), clock.instant()),
                        spec.outputs(), launch.privateDir(), audit);
            }
            applied = GatedApply.apply(spec.apply(), spec.workspace(), staged, changes, outcome.id(), gate, audit, this::message);
        } catch (IOException | RuntimeException e) {
            error = masker.mask(String.valueOf(e.getMessage()));
            outcome = aborted ? RunOutcome.INTERRUPTED : RunOutcome.SANDBOX_ERROR;
            message("run failed: " + error);
        } finally {
            phases.start("cleanup");
            error = cleanup(error);
            phases.stop();
            if (!error.isEmpty() && outcome != RunOutcome.INTERRUPTED) {
                outcome = RunOutcome.SANDBOX_ERROR;
            }
            if (launch != null) {
                audit.putAll(launch.factsAside());
            }
            outputs.writeAudit(RunAudit.of(spec, labels.name(), audit, new RunAudit.Ending(outcome.id(), agentExit, applied, error), startedAt,
                    clock.instant(), phases.millis()));
            writeReview();
            finished.countDown();
        }
        return new RunResult(outcome, agentExit, labels.name(), String.valueOf(audit.getOrDefault("staging", "")), changes,
                applied, spec.outputs(), phases.millis(), error, risk, gate, usage, answer, delivered);
    }

    /** Writes {@code review.html} from the outputs, through the masker like them; a failure is told, never thrown. */
    private void writeReview() {
        try (OutputStream out = outputs.masked(RunOutputs.REVIEW)) {
            ReviewPage.write(outputs.folder(), out);
        } catch (IOException | RuntimeException e) {
            message("cannot write " + RunOutputs.REVIEW + ": " + masker.mask(String.valueOf(e.getMessage())));
        }
    }

    /** Writes {@code answer.json} of an answer that meets the schema; one that does not fails the run, naming why. */
    private RunOutcome recordAnswer(OutputSchema.Answer answer, RunOutcome outcome, Map<String, Object> audit) throws IOException {
        audit.put("answer", answer.valid() ? "meets the output schema" : answer.problems());
        if (answer.valid()) {
            outputs.writeAnswer(answer.value());
            return outcome;
        }
        message("the final answer does not meet the output schema: " + masker.mask(String.join("; ", answer.problems())));
        return outcome == RunOutcome.SUCCEEDED ? RunOutcome.AGENT_FAILED : outcome;
    }

    /** Writes {@code usage.json} and the agent's own word into the audit: Claude Code can exit 0 with {@code is_error}. */
    private RunOutcome recordUsage(AgentUsage usage, RunOutcome outcome, Map<String, Object> audit) throws IOException {
        outputs.writeUsage(agent.id(), usage);
        audit.put("agent", Map.of("kind", agent.id(), "ended", usage.ended(), "reportedError", usage.reportedError(),
                "endReason", String.valueOf(usage.endReason()), "overBudget", usage.overBudget()));
        if (outcome == RunOutcome.SUCCEEDED && !usage.succeeded()) {
            message("the agent " + (usage.ended() ? "reported an error (" + usage.endReason() + ")" : "ended without a final event")
                    + (usage.overBudget() ? ": its budget ran out" : ""));
            return RunOutcome.AGENT_FAILED;
        }
        return outcome;
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

    /** Removes the sandbox and what was made for it; safe to call any number of times. Returns what could not be removed. */
    private List<String> closeSandbox() {
        List<String> problems = new ArrayList<>();
        Sandbox sandbox = launch == null ? null : launch.sandbox();
        if (sandbox != null) {
            try {
                sandbox.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while removing the sandbox");
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Removes the sandbox, releases the staged workspace, and starts deleting the private folder: the result does not wait for that. */
    private String cleanup(String error) {
        List<String> problems = new ArrayList<>();
        if (!error.isEmpty()) {
            problems.add(error);
        }
        problems.addAll(closeSandbox());
        if (launch != null) {
            try {
                if (launch.staged() != null) {
                    launch.staged().close();
                }
                Trees.deleteLater(launch.privateDir(), backend.runner());
            } catch (IOException e) {
                problems.add("cannot delete " + launch.privateDir() + ": " + e.getMessage() + "; run 'sbx-agent gc' to remove it");
            }
        }
        return masker.mask(String.join("; ", problems));
    }

    private void message(String line) {
        listener.message(masker.mask(line));
    }
}
