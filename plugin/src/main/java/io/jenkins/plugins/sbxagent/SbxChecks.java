package io.jenkins.plugins.sbxagent;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.sbxagent.engine.request.PullRequestCheck;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import jenkins.model.Jenkins;

/**
 * Publishes the decision as a check on the pull request, where the checks-api plugin is installed
 * (an optional dependency: without it nothing is loaded from it).
 */
final class SbxChecks {
    private SbxChecks() {
    }

    static void publish(Run<?, ?> run, TaskListener listener, SbxAgentAction action) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null || jenkins.getPlugin("checks-api") == null) {
            return;
        }
        try {
            SbxChecksPublisher.publish(run, listener, PullRequestCheck.of(action.getReport()));
        } catch (LinkageError | RuntimeException e) {
            listener.getLogger().println("[sbx-agent] could not publish the check: " + e);
        }
    }
}
