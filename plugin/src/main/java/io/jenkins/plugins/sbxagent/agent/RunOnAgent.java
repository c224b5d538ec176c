package io.jenkins.plugins.sbxagent.agent;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.sbxagent.engine.AgentRun;
import io.jenkins.plugins.sbxagent.engine.agent.AgentBudget;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxPreflight;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import io.jenkins.plugins.sbxagent.credentials.BoundSecrets;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs the engine on the node that holds the workspace, streaming its masked output to the build log.
 * Secret files are written into a private folder beside the workspace and deleted when the run ends.
 */
public final class RunOnAgent extends MasterToSlaveFileCallable<RunSummary> {
    private static final long serialVersionUID = 1L;

    private final RunRequest request;
    private final TaskListener listener;

    public RunOnAgent(RunRequest request, TaskListener listener) {
        this.request = request;
        this.listener = listener;
    }

    @Override
    public RunSummary invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path secretDir = null;
        try {
            Path workRoot = Files.createDirectories(Path.of(request.workRoot()));
            // built here, where the workspace and its skills folder are
            AgentCommandLine line = request.agent().commandLine(workspace.toPath());
            RunSpec.Builder spec = RunSpec.builder()
                    .withWorkspace(workspace.toPath())
                    .withOutputs(Path.of(request.outputs()))
                    .withWorkRoot(workRoot)
                    .withImage(request.image())
                    .withTenant(request.tenant())
                    .withRunId(request.runId())
                    .withCommand(line.argv())
                    .withNetwork(NetworkMode.valueOf(request.network().toUpperCase(Locale.ROOT)))
                    .withWorkspaceMode(WorkspaceMode.valueOf(request.workspaceMode().toUpperCase(Locale.ROOT)))
                    .withLimits(Limits.defaults().withTimeout(Duration.ofMinutes(request.timeoutMinutes())).withCpus(request.cpus())
                            .withMemoryBytes(request.memoryBytes()))
                    .withApply(request.apply())
                    .withBackend(Backend.parse("backend", request.backend()));
            request.allowHosts().forEach(spec::withAllowHost);
            request.environment().forEach(spec::withEnv);
            line.environment().forEach(spec::withEnv);
            line.generated().forEach(spec::withGeneratedFile);
            line.puts().forEach(spec::withPut);
            line.hidden().forEach(spec::withHiddenPath);
            BoundSecrets secrets = request.secrets();
            secrets.variables().forEach(spec::withSecretEnv);
            secrets.plainVariables().forEach(spec::withEnv);
            secrets.fileValues().forEach(spec::withMaskedValue);
            if (!secrets.files().isEmpty()) {
                secretDir = Files.createTempDirectory(workRoot, "sbx-agent-secrets-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                int index = 0;
                for (BoundSecrets.SecretFile file : secrets.files()) {
                    Path copy = secretDir.resolve("secret-" + index++);
                    Files.write(copy, file.content());
                    spec.withPut(copy, file.target());
                }
            }
            RuleBook rules = RuleBook.shipped();
            if (request.extraRules() != null) {
                Path rulesFile = Files.createTempFile(workRoot, "sbx-agent-rules-", ".yaml");
                try {
                    Files.writeString(rulesFile, request.extraRules(), StandardCharsets.UTF_8);
                    rules = rules.withOverrides(rulesFile);
                } finally {
                    Files.deleteIfExists(rulesFile);
                }
            }
            AgentBudget budget = new AgentBudget(request.agent().maxTurns(), request.agent().maxCostUsd());
            BoundSecrets.DockerLogin login = secrets.dockerLogin();
            if (login != null) {
                spec.withMaskedValue(login.token());
            }
            RunSpec built = spec.build();
            AgentRun run;
            if (built.backend() == Backend.DOCKER_SBX) {
                SbxBackend sbx = new SbxBackend(new SbxCli(new ProcessCommandRunner(), "sbx", SbxCli.DEFAULT_CALL_TIMEOUT), SbxBackend.KVM,
                        login == null ? null : new SbxPreflight.DockerLogin(login.user(), login.token()));
                run = new AgentRun(built, request.agent().kind(), budget, policy(), rules, sbx, new ConsoleListener(listener.getLogger()),
                        Clock.systemUTC());
            } else {
                DockerCli docker = new DockerCli(new ProcessCommandRunner(), request.dockerExecutable(), request.dockerEnvironment());
                run = new AgentRun(built, request.agent().kind(), budget, policy(), rules, docker, new ConsoleListener(listener.getLogger()),
                        Clock.systemUTC());
            }
            try {
                return summarize(run.call());
            } catch (InterruptedException e) {
                // the build was aborted: the remoting thread is interrupted; remove the sandbox before giving up
                run.abort();
                throw e;
            }
        } catch (SpecException e) {
            throw new hudson.AbortException("sbxAgent: " + e.getMessage());
        } finally {
            if (secretDir != null) {
                io.jenkins.plugins.sbxagent.engine.stage.Trees.delete(secretDir);
            }
        }
    }

    /** The policy the controller merged (the administrator's default, then the job's). */
    private Policy policy() {
        return new Policy(Severity.parse("policy.failOn", request.failOn()), Severity.parse("policy.reviewOn", request.reviewOn()),
                Severity.parse("policy.unstableOn", request.unstableOn()), request.protectedPaths(), request.allowedPaths(),
                request.maxChangedFiles(), request.maxChangedLines());
    }

    private static RunSummary summarize(RunResult result) throws IOException {
        int[] counts = new int[4];
        List<RunSummary.FindingLine> findings = new ArrayList<>();
        String decision = null;
        String level = Severity.NONE.id();
        List<String> gateMessages = List.of();
        if (result.risk() != null) {
            List<Severity> order = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
            for (int i = 0; i < order.size(); i++) {
                counts[i] = (int) result.risk().count(order.get(i));
            }
            for (Finding finding : result.risk().findings().subList(0, Math.min(RunSummary.SHOWN, result.risk().findings().size()))) {
                findings.add(new RunSummary.FindingLine(finding.rule(), finding.severity().id(), finding.path(), finding.line(), finding.message(),
                        finding.evidence()));
            }
            level = result.risk().level().id();
        }
        if (result.gate() != null) {
            decision = result.gate().decision().id();
            gateMessages = result.gate().messages();
        }
        List<String> files = new ArrayList<>();
        try (var entries = Files.list(result.outputs())) {
            // only regular files the engine wrote, never a link
            entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString()).sorted().forEach(files::add);
        }
        return new RunSummary(result.outcome().id(), result.agentExit(), decision, level, counts, findings, result.changes().size(),
                result.applied(), result.error(), gateMessages, result.outputs().toString(), files);
    }

    /** The engine's masked output and messages, into the build log. */
    private static final class ConsoleListener implements RunListener {
        private final PrintStream log;

        ConsoleListener(PrintStream log) {
            this.log = log;
        }

        @Override
        public void output(byte[] bytes, int offset, int length) {
            synchronized (log) {
                log.write(bytes, offset, length);
                log.flush();
            }
        }

        @Override
        public void message(String line) {
            synchronized (log) {
                log.println("[sbx-agent] " + line);
            }
        }
    }
}
