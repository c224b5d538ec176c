package io.jenkins.plugins.sbxagent.engine.deliver;

import java.util.Map;

/**
 * A branch {@code --deliver-branch} made.
 *
 * @param branch   its name
 * @param commit   the commit it points at
 * @param base     the commit that one stands on ({@code HEAD} at delivery), or null in a repository that had none
 * @param entries  the entries the commit adds, changes or deletes
 * @param leftOut  entries of the change set it does not hold, by why: {@code gitInternal}, {@code ignored}, {@code special}
 * @param bundle   the bundle's file name in the outputs folder
 * @param pushedTo the remote it was pushed to, or null
 * @param awaitingReview whether the branch is made only once a person approves: the gate asked for review, and the commit
 *                       waits under {@link BranchDelivery#reviewRef()}
 */
public record DeliveredBranch(String branch, String commit, String base, int entries, Map<String, Integer> leftOut, String bundle, String pushedTo,
        boolean awaitingReview) {
    public DeliveredBranch {
        leftOut = Map.copyOf(leftOut);
    }

    DeliveredBranch pushed(String remote) {
        return new DeliveredBranch(branch, commit, base, entries, leftOut, bundle, remote, awaitingReview);
    }
}
