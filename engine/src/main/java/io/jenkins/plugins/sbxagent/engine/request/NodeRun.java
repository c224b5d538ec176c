package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.AgentRun;
import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxBackend;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxPreflight;
import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.session.SessionSeed;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A checked run on the node that holds the workspace: its spec built there (where the skills folder
 * is read), its secret files in a private folder that {@link #close} deletes, and the backend's
 * client. {@code try (NodeRun run = NodeRun.prepare(...)) { run.call(); }}
 */
public final class NodeRun implements AutoCloseable {
    /**
     * Where a run happens on a node, and the clients it uses there.
     *
     * @param workspace         the workspace the agent works on
     * @param outputs           the outputs folder (outside the workspace)
     * @param workRoot          where staging and secret files keep their private folders
     * @param tenant            whom the run belongs to (a job's full name)
     * @param runId             the run's id, for names and labels
     * @param dockerExecutable  the docker client
     * @param dockerEnvironment the docker client's environment (DOCKER_HOST, TLS, a registry login's DOCKER_CONFIG)
     * @param sbxExecutable     the sbx client (docker-sbx)
     * @param sessionFrom       with a session to continue: a folder laid out as the earlier run's outputs, holding its
     *                          {@code session/} as archived; else null
     */
    public record Placement(Path workspace, Path outputs, Path workRoot, String tenant, String runId, String dockerExecutable,
            Map<String, String> dockerEnvironment, String sbxExecutable, Path sessionFrom) {
        public Placement {
            dockerEnvironment = Map.copyOf(dockerEnvironment);
        }

        /** A placement of a run that starts a new session. */
        public Placement(Path workspace, Path outputs, Path workRoot, String tenant, String runId, String dockerExecutable,
                Map<String, String> dockerEnvironment, String sbxExecutable) {
            this(workspace, outputs, workRoot, tenant, runId, dockerExecutable, dockerEnvironment, sbxExecutable, null);
        }
    }

    private final AgentRun run;
    private final Path secretFolder;

    private NodeRun(AgentRun run, Path secretFolder) {
        this.run = run;
        this.secretFolder = secretFolder;
    }

    /**
     * Builds the spec and the run; nothing starts yet.
     *
     * @throws io.jenkins.plugins.sbxagent.engine.spec.SpecException naming the step's field (a skills folder that cannot cross, a name
     *                                                               the agent's command line sets itself)
     */
    public static NodeRun prepare(CheckedRun checked, Placement at, RunSecrets secrets, RunListener listener) throws IOException {
        Path workRoot = Files.createDirectories(at.workRoot());
        Path secretFolder = null;
        try {
            ProviderKeys.Routing routing = ProviderKeys.route(checked.agent().kind(), checked.network(), checked.backend(),
                    secrets.variableNames(), checked.environment(), secrets.gatewayChoice());
            SessionSeed session = session(checked, at);
            AgentCommandLine line = checked.agent().commandLine(at.workspace(), routing.agentArguments(),
                    session == null ? null : session.choice());
            RunSpec.Builder spec = RunSpec.builder()
                    .withWorkspace(at.workspace())
                    .withOutputs(at.outputs())
                    .withWorkRoot(workRoot)
                    .withImage(checked.image())
                    .withTenant(at.tenant())
                    .withRunId(at.runId())
                    .withCommand(line.argv())
                    .withNetwork(checked.network())
                    .withWorkspaceMode(checked.workspaceMode())
                    .withLimits(checked.limits())
                    .withApply(checked.apply())
                    .withBackend(checked.backend());
            checked.allowHosts().forEach(spec::withAllowHost);
            routing.applyTo(spec);
            line.environment().forEach(spec::withEnv);
            line.generated().forEach(spec::withGeneratedFile);
            line.puts().forEach(spec::withPut);
            line.hidden().forEach(spec::withHiddenPath);
            secretFolder = secrets.addTo(spec, workRoot);
            RunSpec built = spec.build();
            AgentRun run;
            if (built.backend() == Backend.DOCKER_SBX) {
                RunSecrets.DockerLogin login = secrets.dockerLogin();
                SbxBackend sbx = new SbxBackend(new SbxCli(new ProcessCommandRunner(), at.sbxExecutable(), SbxCli.DEFAULT_CALL_TIMEOUT),
                        SbxBackend.KVM, login == null ? null : new SbxPreflight.DockerLogin(login.user(), login.token()));
                run = new AgentRun(built, checked.agent().kind(), checked.agent().budget(), checked.policy(), checked.rules(), sbx, listener,
                        Clock.systemUTC()).withOutputSchema(checked.agent().schema());
            } else {
                DockerCli docker = new DockerCli(new ProcessCommandRunner(), at.dockerExecutable(), at.dockerEnvironment());
                run = new AgentRun(built, checked.agent().kind(), checked.agent().budget(), checked.policy(), checked.rules(), docker, listener,
                        Clock.systemUTC()).withOutputSchema(checked.agent().schema());
            }
            run.withDelivery(delivery(checked, secrets)).withSession(session);
            return new NodeRun(run, secretFolder);
        } catch (io.jenkins.plugins.sbxagent.engine.spec.SpecException e) {
            delete(secretFolder);
            throw StepTerms.of(e);
        } catch (IOException | RuntimeException e) {
            delete(secretFolder);
            throw e;
        }
    }

    /** The session the step continues, read and checked where the earlier run's archived files were laid out; or null. */
    private static SessionSeed session(CheckedRun checked, Placement at) throws IOException {
        if (checked.session() == null) {
            return null;
        }
        SessionSeed seed = SessionSeed.read(checked.agent().kind(), at.sessionFrom(), checked.session().fork());
        if (!seed.choice().id().equals(checked.session().id())) {
            throw new io.jenkins.plugins.sbxagent.engine.spec.SpecException(SessionSeed.FIELD, "the archived session is "
                    + seed.choice().id() + ", not " + checked.session().id() + ".", "Continue the session of the run that named it.");
        }
        return seed;
    }

    /** The delivery asked for, its push answered with the bound account. */
    private static BranchDelivery delivery(CheckedRun checked, RunSecrets secrets) {
        BranchDelivery delivery = checked.delivery();
        RunSecrets.PushLogin login = secrets.pushLogin();
        return delivery == null || delivery.push() == null || login == null ? delivery
                : delivery.withPush(delivery.push().withLogin(login.user(), login.password()));
    }

    /** Runs the agent to its end; an interrupt removes the sandbox before it returns. */
    public RunResult call() throws InterruptedException {
        return run.call();
    }

    /** Stops the run and removes its sandbox, from another thread. */
    public void abort() {
        run.abort();
    }

    /** Deletes the secret files. */
    @Override
    public void close() throws IOException {
        delete(secretFolder);
    }

    private static void delete(Path folder) throws IOException {
        if (folder != null) {
            Trees.delete(folder);
        }
    }
}
