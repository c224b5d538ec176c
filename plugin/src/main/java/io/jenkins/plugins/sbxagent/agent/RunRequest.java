package io.jenkins.plugins.sbxagent.agent;

import io.jenkins.plugins.sbxagent.credentials.BoundSecrets;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything the node needs to run the engine, as plain values made on the controller. The secrets
 * travel over the remoting channel only and are never written into the build's records.
 *
 * @param tenant         the job's full name
 * @param runId          the build and the step's place in it
 * @param backend        docker or docker-sbx
 * @param image          the sandbox image (docker-sbx: the template)
 * @param agent          the agent, its instructions, budgets and configuration, or the command: the node builds the command line
 * @param environment    plain variables the step passes (never secrets)
 * @param network        none, allowlist or open
 * @param allowHosts     with allowlist: HOST or HOST:PORT entries
 * @param timeoutMinutes the run's timeout
 * @param cpus           the sandbox's CPUs
 * @param memoryBytes    the sandbox's memory
 * @param workspaceMode  copy or mount
 * @param outputs        where the outputs go on the node (outside the workspace)
 * @param workRoot       where staging keeps its private folders on the node
 * @param dockerExecutable the docker client on the node
 * @param dockerEnvironment the client's environment: DOCKER_HOST, TLS, DOCKER_CONFIG for a registry login
 * @param secrets        the bound credentials
 * @param failOn         policy: severity that fails
 * @param reviewOn       policy: severity that needs review
 * @param unstableOn     policy: severity that marks unstable
 * @param protectedPaths policy: globs never to touch
 * @param allowedPaths   policy: globs that may change
 * @param maxChangedFiles policy cap (0: none)
 * @param maxChangedLines policy cap (0: none)
 * @param extraRules     the administrator's risk rules (YAML), or null
 * @param apply          copy changes back when the gate passes
 */
public record RunRequest(String tenant, String runId, String backend, String image, AgentInputs agent, Map<String, String> environment, String network, List<String> allowHosts,
        int timeoutMinutes,
        double cpus, long memoryBytes, String workspaceMode, String outputs, String workRoot, String dockerExecutable, Map<String, String> dockerEnvironment,
        BoundSecrets secrets, String failOn, String reviewOn, String unstableOn, List<String> protectedPaths, List<String> allowedPaths,
        int maxChangedFiles, long maxChangedLines, String extraRules, boolean apply) implements Serializable {
    @Override
    public String toString() {
        return "RunRequest[" + tenant + " " + runId + " " + image + "]";
    }
}
