package io.jenkins.plugins.sbxagent.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.request.CheckedRun;
import io.jenkins.plugins.sbxagent.engine.request.NodeRun;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs the engine on the node that holds the workspace, streaming its masked output to the build
 * log. The secrets travel over the remoting channel only; the engine keeps their files in a private
 * folder it deletes when the run ends. A session to continue lies on the node already, laid out by the controller.
 */
public final class RunOnAgent extends MasterToSlaveFileCallable<RunReport> {
    private static final long serialVersionUID = 1L;

    private final CheckedRun checked;
    private final String tenant;
    private final String runId;
    private final String outputs;
    private final String workRoot;
    private final String dockerExecutable;
    private final Map<String, String> dockerEnvironment;
    private final RunSecrets secrets;
    private final String sessionFrom;
    private final TaskListener listener;

    public RunOnAgent(CheckedRun checked, String tenant, String runId, String outputs, String workRoot, String dockerExecutable,
            Map<String, String> dockerEnvironment, RunSecrets secrets, String sessionFrom, TaskListener listener) {
        this.checked = checked;
        this.tenant = tenant;
        this.runId = runId;
        this.outputs = outputs;
        this.workRoot = workRoot;
        this.dockerExecutable = dockerExecutable;
        this.dockerEnvironment = Map.copyOf(dockerEnvironment);
        this.secrets = secrets;
        this.sessionFrom = sessionFrom;
        this.listener = listener;
    }

    @Override
    public RunReport invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        NodeRun.Placement at = new NodeRun.Placement(workspace.toPath(), Path.of(outputs), Path.of(workRoot), tenant, runId, dockerExecutable,
                dockerEnvironment, "sbx", sessionFrom == null ? null : Path.of(sessionFrom));
        try (NodeRun run = NodeRun.prepare(checked, at, secrets, RunListener.printing(log, log))) {
            try {
                return RunReport.of(run.call());
            } catch (InterruptedException e) {
                // the build was aborted: the remoting thread is interrupted; remove the sandbox before giving up
                run.abort();
                throw e;
            }
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        } finally {
            // a build log that crossed to this node buffers its lines: send them before the answer
            log.flush();
        }
    }
}
