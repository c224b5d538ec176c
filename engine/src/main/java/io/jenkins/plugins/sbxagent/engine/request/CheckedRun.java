package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.agent.SessionChoice;
import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.spec.WorkspaceMode;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A request with its defaults filled in, within the administrator's settings, ready to cross to the
 * node that holds the workspace: {@link NodeRun#prepare} turns it into a run there.
 *
 * @param backend       where the agent runs
 * @param image         the sandbox image (docker-sbx: the template)
 * @param agent         the agent and its fields, or the command; the node builds the command line
 * @param environment   plain variables (never secrets)
 * @param network       what the sandbox may reach
 * @param allowHosts    with allowlist: HOST or HOST:PORT entries
 * @param limits        the run's limits
 * @param workspaceMode how the sandbox sees the workspace
 * @param policy        the merged policy
 * @param extraRules    the administrator's risk rules (YAML), or null
 * @param apply         copy the changes back when the gate passes
 * @param delivery      the branch to deliver the changes as once the gate passes, or null; the push credential crosses with
 *                      the run's secrets
 * @param session       the session of an earlier run of the build the agent continues, or null; its files cross to the node
 *                      as that run archived them
 */
public record CheckedRun(Backend backend, String image, AgentInputs agent, Map<String, String> environment, NetworkMode network,
        List<String> allowHosts, Limits limits, WorkspaceMode workspaceMode, Policy policy, String extraRules, boolean apply,
        BranchDelivery delivery, SessionChoice session) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CheckedRun {
        environment = Map.copyOf(environment);
        allowHosts = List.copyOf(allowHosts);
    }

    /**
     * Refuses secrets that collide with the run's plain variables, before anything crosses to the node.
     *
     * @throws SpecException naming {@code environment}
     */
    public void checkAgainst(RunSecrets secrets) {
        if (secrets.pushLogin() != null && (delivery == null || delivery.push() == null)) {
            throw new SpecException("credentials", "a push credential is bound, but no branch is pushed.",
                    "Add deliverBranch and pushRemote, or leave the sbxGitPush binding out.");
        }
        for (String name : environment.keySet()) {
            if (secrets.variables().containsKey(name) || secrets.plainVariables().containsKey(name)) {
                throw new SpecException("environment", name + " is bound as a credential too.", "Set it once: as a credential if it is secret.");
            }
        }
    }

    /** The shipped risk rules with the administrator's laid over them. */
    public RuleBook rules() {
        return HostSettings.rulesWith(extraRules);
    }

    @Override
    public String toString() {
        return "CheckedRun[" + backend.id() + " " + image + " " + agent + "]";
    }
}
