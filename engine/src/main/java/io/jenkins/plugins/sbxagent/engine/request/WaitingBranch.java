package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.deliver.GatedDelivery;
import io.jenkins.plugins.sbxagent.engine.deliver.PushTarget;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A branch whose commit awaits a person's review ({@code --deliver-branch} and a {@code review} decision), as a host keeps
 * it until the answer: it holds no secret, the push account is bound again when the answer comes.
 *
 * @param branch     the branch to make
 * @param commit     the commit the run prepared
 * @param pushRemote where to push the branch once made, or null
 */
public record WaitingBranch(String branch, String commit, String pushRemote) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The branch a run left waiting, or null when it left none. */
    public static WaitingBranch of(RunReport report, CheckedRun checked) {
        if (report.getBranch() == null || !report.isBranchAwaitsReview()) {
            return null;
        }
        PushTarget push = checked.delivery() == null ? null : checked.delivery().push();
        return new WaitingBranch(report.getBranch(), report.getCommit(), push == null ? null : push.remote());
    }

    /**
     * A person's answer, on the node that holds the workspace: an approval makes the branch and pushes it when asked, a
     * rejection drops the commit.
     *
     * @param temp     where a private folder may be made for the while
     * @param login    the push account, or null
     * @param messages where the lines for the build log go, masked
     * @return the remote the branch was pushed to, or null
     */
    public String answer(Path workspace, Path temp, boolean approve, String user, RunSecrets.PushLogin login, Consumer<String> messages)
            throws IOException, InterruptedException {
        PushTarget push = pushRemote == null ? null : PushTarget.to(pushRemote).withLogin(login == null ? null : login.user(),
                login == null ? null : login.password());
        SecretMasker masker = SecretMasker.forSecrets(push == null || push.password() == null ? List.of() : List.of(push.password()));
        GatedDelivery delivery = new GatedDelivery(BranchDelivery.of(branch).withPush(push), new ProcessCommandRunner(), masker,
                line -> messages.accept(masker.mask(line)));
        Path scratch = Files.createTempDirectory(Files.createDirectories(temp), "sbx-agent-answer-");
        try {
            if (approve) {
                return delivery.release(workspace, scratch, commit, user);
            }
            delivery.withdraw(workspace, scratch, commit);
            return null;
        } finally {
            Trees.delete(scratch);
        }
    }
}
