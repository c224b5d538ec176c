package io.jenkins.plugins.sbxagent;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.Channel;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.sbxagent.agent.ReapOnAgent;
import io.jenkins.plugins.sbxagent.agent.RunOnAgent;
import io.jenkins.plugins.sbxagent.config.SbxAgentGlobalConfiguration;
import io.jenkins.plugins.sbxagent.credentials.SbxCredential;
import io.jenkins.plugins.sbxagent.credentials.SbxGitPush;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.request.CheckedRun;
import io.jenkins.plugins.sbxagent.engine.request.RunIds;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.request.WaitingBranch;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import io.jenkins.plugins.sbxagent.model.SbxLiveConversation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.KeyMaterial2;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/**
 * One sbx-agent run of a build, on the controller: has the engine check the step against the
 * administrator's settings, binds the named credentials, runs the engine on the node that holds the
 * workspace, archives what crossed back and records it on the build. The Pipeline step and the
 * freestyle build step both use it.
 */
public final class SbxAgentRunner {
    /** What the run left: its report, the step's return value and the line for the build log. */
    public record Outcome(RunReport report, Map<String, Object> values, String message) {
    }

    private final Run<?, ?> run;
    private final FilePath workspace;
    private final Launcher launcher;
    private final TaskListener listener;
    private final EnvVars environment;
    private final Node node;
    private final String runId;

    public SbxAgentRunner(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener, EnvVars environment, Node node) {
        this.run = run;
        this.workspace = workspace;
        this.launcher = launcher;
        this.listener = listener;
        this.environment = environment;
        this.node = node;
        this.runId = RunIds.forBuild(run.getNumber(), run.getExternalizableId());
    }

    /** The id of this run's sandbox, by which an abort removes it. */
    public String runId() {
        return runId;
    }

    /** Runs the agent; the caller applies the report's verdict to the build its own way. */
    public Outcome run(SbxAgentStep step) throws IOException, InterruptedException {
        String lastSession = step.getResumeSession() != null && step.getResumeSession().getId() == null ? SessionArtifacts.latest(run) : null;
        CheckedRun checked = refusing(() -> step.request(lastSession).check(SbxAgentGlobalConfiguration.get().hostSettings()));
        RunSecrets secrets = bind(step.getCredentials());
        refusing(() -> {
            checked.checkAgainst(secrets);
            return secrets;
        });
        String docker = dockerExecutable(step.getToolName(), node, listener, environment);
        Map<String, String> clientEnvironment = DockerCli.clientEnvironment(environment);
        // node {} allocates the workspace but does not create it: sbxAgent may be its first step
        workspace.mkdirs();
        FilePath temp = WorkspaceList.tempDir(workspace);
        if (temp == null) {
            throw new AbortException("sbxAgent: the workspace " + workspace.getRemote() + " has no folder beside it for private files.");
        }
        FilePath outputs = temp.child("sbx-agent").child(runId);
        KeyMaterial2 registryLogin = null;
        try {
            if (checked.backend() == Backend.DOCKER && step.getRegistryCredentialsId() != null) {
                // the registry login configures the docker client that pulls the image; it never enters the sandbox
                registryLogin = new DockerRegistryEndpoint(step.getRegistryUrl(), step.getRegistryCredentialsId())
                        .newKeyMaterialFactory(run, workspace, launcher, environment, listener, docker).materialize2();
                clientEnvironment.putAll(registryLogin.env());
            }
            FilePath session = checked.session() == null ? null
                    : SessionArtifacts.layOut(run, checked.session().id(), temp.child("sbx-agent-session").child(runId));
            SbxLiveConversation live = follow(checked.agent().kind(), outputs);
            RunReport report;
            try {
                report = workspace.act(new RunOnAgent(checked, run.getParent().getFullName(), runId, outputs.getRemote(), temp.getRemote(),
                        docker, clientEnvironment, secrets, session == null ? null : session.getRemote(), listener));
            } finally {
                if (session != null) {
                    session.deleteRecursive();
                }
                if (live != null) {
                    live.ended();
                }
                syncLog();
            }
            String folder = "sbx-agent/" + runId;
            archive(outputs, report, folder);
            SbxAgentAction action;
            synchronized (run) {
                action = new SbxAgentAction(run.getActions(SbxAgentAction.class).size() + 1, report, folder);
                run.addAction(action);
            }
            WaitingBranch waiting = WaitingBranch.of(report, checked);
            if (waiting != null) {
                action.awaitBranch(waiting, step.getCredentials().stream().filter(SbxGitPush.class::isInstance).map(SbxCredential::getCredentialsId)
                        .findFirst().orElse(null), node.getNodeName(), workspace.getRemote());
            }
            SbxChecks.publish(run, listener, action);
            return new Outcome(report, report.values(folder, action.getIndex()), "sbxAgent: " + report.message(folder));
        } catch (InterruptedException e) {
            removeSandbox(workspace, listener, runId, step.getToolName(), node, environment);
            throw e;
        } finally {
            if (registryLogin != null) {
                registryLogin.close(workspace.getChannel());
            }
        }
    }

    /** A known agent's conversation, followed on the build while it goes; none for a plain command. */
    private SbxLiveConversation follow(AgentKind agent, FilePath outputs) {
        if (agent == AgentKind.COMMAND) {
            return null;
        }
        synchronized (run) {
            SbxLiveConversation live = new SbxLiveConversation(run.getActions(SbxLiveConversation.class).size() + 1, agent,
                    outputs.child(RunOutputs.EVENTS));
            run.addAction(live);
            return live;
        }
    }

    /** The node's log lines travel apart from the call's answer: have them all before the next line, without hiding the run's error. */
    private void syncLog() {
        try {
            if (workspace.getChannel() instanceof Channel channel) {
                channel.syncIO();
            }
        } catch (IOException | InterruptedException e) {
            listener.getLogger().println("[sbx-agent] some of the node's log lines may come late: " + e.getMessage());
        }
    }

    /** The engine's refusal, as the build's: one line naming the field, no stack trace. */
    private static <T> T refusing(java.util.function.Supplier<T> check) throws AbortException {
        try {
            return check.get();
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    private RunSecrets bind(List<SbxCredential> credentials) throws IOException, InterruptedException {
        RunSecrets secrets = new RunSecrets();
        for (SbxCredential credential : credentials) {
            credential.bind(run, secrets);
        }
        if (!secrets.isEmpty()) {
            listener.getLogger().println("[sbx-agent] binding " + secrets.names() + "; their values are masked");
        }
        return secrets;
    }

    /** Removes the sandbox of an aborted run, on the node, by its labels. */
    public static void removeSandbox(FilePath workspace, TaskListener listener, String runId, String toolName, Node node, EnvVars environment) {
        try {
            String docker = dockerExecutable(toolName, node, listener, environment);
            List<String> removed = workspace.act(new ReapOnAgent(runId, docker, DockerCli.clientEnvironment(environment)));
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
        String tool = toolName != null ? toolName : SbxAgentGlobalConfiguration.get().getDockerToolName();
        return DockerTool.getExecutable(tool, node, listener, environment);
    }

    /** Archives the outputs the engine wrote (regular files only) under sbx-agent/RUN in the build's artifacts. */
    private void archive(FilePath outputs, RunReport report, String folder) throws IOException, InterruptedException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : report.getFiles()) {
            files.put(folder + "/" + name, name);
        }
        if (!files.isEmpty()) {
            run.pickArtifactManager().archive(outputs, launcher, BuildListenerAdapter.wrap(listener), files);
        }
        outputs.deleteRecursive();
    }
}
