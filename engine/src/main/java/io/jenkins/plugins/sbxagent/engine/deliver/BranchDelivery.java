package io.jenkins.plugins.sbxagent.engine.deliver;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * What {@code --deliver-branch} asks: the change set as one commit on a new branch of the host repository, made only once
 * the run succeeded and the gate passed. Entries git ignores go in only with {@code withIgnored}; entries inside
 * {@code .git} never do.
 *
 * @param branch      the new branch's name, without {@code refs/heads/}; it must not exist yet
 * @param withIgnored whether entries git ignores go into the commit too
 * @param subject     the commit message's first line, or null for one naming the run
 * @param push        where to push the branch afterwards, or null to leave it in the host repository
 */
public record BranchDelivery(String branch, boolean withIgnored, String subject, PushTarget push) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FIELD = "--deliver-branch";
    private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9._/+-]{1,200}");
    private static final String FIX = "Use letters, digits and . _ / + -, e.g. sbx-agent/fix-123.";

    public BranchDelivery {
        checkName(branch);
        if (subject != null && (subject.isBlank() || subject.length() > 200 || subject.chars().anyMatch(Character::isISOControl))) {
            throw new SpecException("--deliver-message", "must be one line of at most 200 characters.", "Give a short subject line.");
        }
    }

    /**
     * The delivery these options ask for, or null when no branch is named; an option that needs a branch refuses without
     * one, naming itself.
     */
    public static BranchDelivery asked(String branch, boolean withIgnored, String subject, String pushRemote) {
        if (branch == null) {
            String orphan = withIgnored ? "--deliver-ignored" : subject != null ? "--deliver-message" : pushRemote != null ? PushTarget.FIELD : null;
            if (orphan != null) {
                throw new SpecException(orphan, "takes effect only with " + FIELD + ".", "Add " + FIELD + " NAME, or leave " + orphan + " out.");
            }
            return null;
        }
        BranchDelivery delivery = of(branch).withIgnored(withIgnored).withSubject(subject);
        return pushRemote == null ? delivery : delivery.withPush(PushTarget.to(pushRemote));
    }

    /** A branch with the run's own subject, ignored entries left out, not pushed. */
    public static BranchDelivery of(String branch) {
        return new BranchDelivery(branch, false, null, null);
    }

    public BranchDelivery withIgnored(boolean value) {
        return new BranchDelivery(branch, value, subject, push);
    }

    public BranchDelivery withSubject(String value) {
        return new BranchDelivery(branch, withIgnored, value, push);
    }

    public BranchDelivery withPush(PushTarget value) {
        return new BranchDelivery(branch, withIgnored, subject, value);
    }

    /** The full name of the branch's ref. */
    public String ref() {
        return "refs/heads/" + branch;
    }

    /** Where a commit awaiting review waits, outside the branches, until a person approves or rejects it. */
    public String reviewRef() {
        return "refs/sbx-agent/review/" + branch;
    }

    /** The rules of git's own check of a branch name, over a narrower alphabet: a name no shell or URL misreads. */
    private static void checkName(String name) {
        if (name == null || !CHARACTERS.matcher(name).matches()) {
            throw new SpecException(FIELD, "'" + (name == null ? "" : name.replaceAll("\\p{Cntrl}", "?")) + "' is not a branch name sbx-agent makes.", FIX);
        }
        boolean badPart = false;
        for (String part : name.split("/", -1)) {
            badPart |= part.isEmpty() || part.startsWith(".") || part.endsWith(".lock");
        }
        if (badPart || name.startsWith("-") || name.endsWith(".") || name.contains("..") || name.equals("HEAD")) {
            throw new SpecException(FIELD, "'" + name + "' is not a valid git branch name (no empty part, no part starting with '.'"
                    + " or ending with '.lock', no '..', no leading '-', no trailing '.').", FIX);
        }
    }
}
