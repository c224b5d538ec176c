package io.jenkins.plugins.sbxagent.agent;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.request.WaitingBranch;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * A person's answer to a branch that waited for review, on the node that holds the repository: an approval makes the
 * branch and pushes it when asked, a rejection drops its commit. The push account crosses over the remoting channel only.
 */
public final class AnswerOnAgent extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    private final WaitingBranch branch;
    private final boolean approve;
    private final String user;
    private final RunSecrets.PushLogin login;
    private final String temp;
    private final TaskListener listener;

    public AnswerOnAgent(WaitingBranch branch, boolean approve, String user, RunSecrets.PushLogin login, String temp, TaskListener listener) {
        this.branch = branch;
        this.approve = approve;
        this.user = user;
        this.login = login;
        this.temp = temp;
        this.listener = listener;
    }

    @Override
    public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        try {
            return branch.answer(workspace.toPath(), Path.of(temp), approve, user, login, line -> log.println("[sbx-agent] " + line));
        } finally {
            log.flush();
        }
    }
}
