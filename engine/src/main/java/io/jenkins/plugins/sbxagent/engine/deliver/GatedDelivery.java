package io.jenkins.plugins.sbxagent.engine.deliver;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.gate.GateResult;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.stage.StagedWorkspace;
import io.jenkins.plugins.sbxagent.engine.text.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code --deliver-branch}: the change set becomes a branch only after a successful run the gate passed, or that a person
 * approved when the gate asked for review, and says why not otherwise, in the audit ({@code deliver}) and the log.
 */
public final class GatedDelivery {
    private final BranchDelivery request;
    private final CommandRunner runner;
    private final SecretMasker masker;
    private final Consumer<String> messages;

    public GatedDelivery(BranchDelivery request, CommandRunner runner, SecretMasker masker, Consumer<String> messages) {
        this.request = request;
        this.runner = runner;
        this.masker = masker;
        this.messages = messages;
    }

    /**
     * Before the sandbox starts: the workspace is in a repository and the branch is free, so that no agent run is spent
     * on a branch that cannot be made.
     */
    public void preflight(Path workspace, Path scratch) throws IOException, InterruptedException {
        HostRepository repository = HostRepository.open(workspace, scratch, runner);
        if (repository.refExists(request.ref())) {
            throw new DeliveryException(BranchDelivery.FIELD + ": the repository already has branch " + request.branch()
                    + "; sbx-agent makes a new branch only. Name another, or delete that one first.");
        }
        if (repository.refExists(request.reviewRef())) {
            throw new DeliveryException(BranchDelivery.FIELD + ": a commit for branch " + request.branch() + " awaits review already ("
                    + request.reviewRef() + "). Name another branch, or approve or withdraw that one first.");
        }
        if (!repository.canCreate(request.ref()) || !repository.canCreate(request.reviewRef())) {
            throw new DeliveryException(BranchDelivery.FIELD + ": branch " + request.branch() + " cannot be made beside the repository's"
                    + " own (a branch named like a folder of it, or one it would be a folder of). Name another.");
        }
    }

    /**
     * The facts of the run a delivery names.
     *
     * @param runId     the run's id
     * @param agent     the agent's id
     * @param riskLevel the rating's level
     * @param at        when the commit is made
     */
    public record RunStamp(String runId, String agent, String riskLevel, Instant at) {
    }

    /**
     * Delivers or says why not. A {@code pass} makes the branch; a {@code review} prepares its commit under
     * {@link BranchDelivery#reviewRef()} and makes the branch only once a person approves ({@link #release}); any other
     * decision, or a run that did not succeed, makes nothing.
     *
     * @param runEnded how the run ended ({@code succeeded}, or why not)
     * @param outputs  the outputs folder, where the bundle goes
     * @param scratch  the run's private folder
     * @return the branch made or awaiting review, or null when there is none
     */
    public DeliveredBranch deliver(Path workspace, StagedWorkspace staged, List<Change> changes, Set<String> ignoredByGit, String runEnded,
            GateResult gate, RunStamp stamp, Path outputs, Path scratch, Map<String, Object> audit) throws IOException, InterruptedException {
        if (!runEnded.equals("succeeded")) {
            return withheld(audit, "skipped: the run " + runEnded);
        }
        boolean awaitingReview = gate.decision() == Decision.REVIEW;
        if (gate.decision() != Decision.PASS && !awaitingReview) {
            return withheld(audit, "withheld: the gate decided " + gate.decision().id());
        }
        HostRepository repository = HostRepository.open(workspace, scratch, runner);
        BranchCommit.Tree tree = new BranchCommit(repository, masker).build(changes, staged.before(), staged.after(), ignoredByGit,
                request.withIgnored());
        if (tree.id().equals(repository.headTree())) {
            return withheld(audit, "nothing to deliver: the change set leaves HEAD's tree as it is" + leftOutNote(tree.leftOut()));
        }
        String commit = repository.commitTree(tree.id(), message(stamp, gate), GitIdentity.of(stamp.agent()), stamp.at().getEpochSecond());
        // a commit awaiting review is kept by a ref of sbx-agent's own, out of the branches, until a person decides
        String ref = awaitingReview ? request.reviewRef() : request.ref();
        repository.createRef(ref, commit, "sbx-agent: " + (awaitingReview ? "awaits review, " : "delivered ") + "run " + stamp.runId());
        repository.bundle(outputs.resolve(RunOutputs.BRANCH_BUNDLE), ref);
        DeliveredBranch delivered = new DeliveredBranch(request.branch(), commit, repository.head(), tree.entries(), tree.leftOut(),
                RunOutputs.BRANCH_BUNDLE, null, awaitingReview);
        audit.put("deliver", facts(delivered, ref));
        if (awaitingReview) {
            messages.accept("prepared " + Plural.of(tree.entries(), "entry", "entries") + " as commit " + commit + leftOutNote(tree.leftOut())
                    + "; branch " + request.branch() + " is made once a person approves (sbxReviewGate, or sbx-agent deliver); bundle: "
                    + RunOutputs.BRANCH_BUNDLE);
            return delivered;
        }
        messages.accept("delivered " + Plural.of(tree.entries(), "entry", "entries") + " as branch " + request.branch() + " (" + commit
                + ")" + leftOutNote(tree.leftOut()) + "; bundle: " + RunOutputs.BRANCH_BUNDLE);
        return push(repository, delivered, scratch, audit);
    }

    /**
     * Makes the branch of a commit that awaited review, once a person approved it, and pushes it when asked. Only the
     * commit the run prepared is released: the ref that keeps it must still point at it.
     *
     * @param commit     the commit the run reported
     * @param approvedBy who approved, for the branch's reflog
     * @return the remote it was pushed to, or null
     */
    public String release(Path workspace, Path scratch, String commit, String approvedBy) throws IOException, InterruptedException {
        HostRepository repository = HostRepository.open(workspace, scratch, runner);
        if (!commit.equals(repository.refTarget(request.reviewRef()))) {
            throw new DeliveryException("no commit " + commit + " awaits review as branch " + request.branch() + " in this repository ("
                    + request.reviewRef() + "): it was released or withdrawn already, or the run delivered elsewhere.");
        }
        repository.createRef(request.ref(), commit, "sbx-agent: approved by " + approvedBy);
        repository.deleteRef(request.reviewRef(), commit);
        messages.accept("made branch " + request.branch() + " (" + commit + "), approved by " + approvedBy);
        if (request.push() == null) {
            return null;
        }
        BranchPush.push(repository, request.push(), request.ref(), scratch);
        messages.accept("pushed branch " + request.branch() + " to " + request.push().remote());
        return request.push().remote();
    }

    /** Drops a commit that awaited review and was rejected; nothing happens when it is gone already. */
    public void withdraw(Path workspace, Path scratch, String commit) throws IOException, InterruptedException {
        HostRepository repository = HostRepository.open(workspace, scratch, runner);
        if (commit.equals(repository.refTarget(request.reviewRef()))) {
            repository.deleteRef(request.reviewRef(), commit);
            messages.accept("withdrew commit " + commit + ": no branch " + request.branch() + " is made");
        }
    }

    /** Pushes a branch made now, when asked; the branch stays in the host repository, and in the audit, whatever the push does. */
    private DeliveredBranch push(HostRepository repository, DeliveredBranch delivered, Path scratch, Map<String, Object> audit)
            throws IOException, InterruptedException {
        if (request.push() == null) {
            return delivered;
        }
        BranchPush.push(repository, request.push(), request.ref(), scratch);
        DeliveredBranch pushed = delivered.pushed(request.push().remote());
        audit.put("deliver", facts(pushed, request.ref()));
        messages.accept("pushed branch " + request.branch() + " to " + request.push().remote());
        return pushed;
    }

    private DeliveredBranch withheld(Map<String, Object> audit, String why) {
        audit.put("deliver", why);
        messages.accept(BranchDelivery.FIELD + " " + why);
        return null;
    }

    /** The commit message: the subject, then trailers that name the run, which tools such as git interpret-trailers read. */
    private String message(RunStamp stamp, GateResult gate) {
        String subject = request.subject() != null ? request.subject() : "sbx-agent: changes of " + stamp.agent() + " run " + stamp.runId();
        return subject + "\n\nMade by sbx-agent from the change set of a run; the run's outputs hold its diff, risk summary and"
                + " review page.\n\nSbx-Agent-Run: " + stamp.runId() + "\nSbx-Agent-Agent: " + stamp.agent() + "\nSbx-Agent-Decision: "
                + gate.decision().id() + "\nSbx-Agent-Risk: " + stamp.riskLevel() + "\n";
    }

    private static Map<String, Object> facts(DeliveredBranch delivered, String ref) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("branch", delivered.branch());
        facts.put("ref", ref);
        facts.put("awaitingReview", delivered.awaitingReview());
        facts.put("commit", delivered.commit());
        facts.put("base", delivered.base());
        facts.put("entries", delivered.entries());
        facts.put("leftOut", delivered.leftOut());
        facts.put("bundle", delivered.bundle());
        facts.put("pushedTo", delivered.pushedTo());
        return facts;
    }

    private static String leftOutNote(Map<String, Integer> leftOut) {
        if (leftOut.isEmpty()) {
            return "";
        }
        StringBuilder note = new StringBuilder("; left out:");
        leftOut.forEach((why, count) -> note.append(' ').append(count).append(' ').append(switch (why) {
            case "gitInternal" -> "inside .git";
            case "ignored" -> "ignored by git (--deliver-ignored takes them)";
            default -> "pipes or devices";
        }).append(','));
        return note.substring(0, note.length() - 1);
    }
}
