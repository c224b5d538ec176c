package io.jenkins.plugins.sbxagent.engine.request;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run whose decision is "review", waiting for a person. A plain class with getters, not a record: a
 * host keeps it in its records and its pages read it.
 */
public final class ReviewRequest implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a review gate does with a run's decision. */
    public enum Next {
        /** pass and unstable: nothing to review. */
        GO_ON,
        /** review: wait for a person. */
        WAIT,
        /** fail, or a run that decided nothing: nothing a person may wave through. */
        FAIL;

        public static Next after(String decision) {
            return switch (decision == null ? "" : decision) {
                case "pass", "unstable" -> GO_ON;
                case "review" -> WAIT;
                default -> FAIL;
            };
        }
    }

    private final String id;
    private final int index;
    private final String submitter;
    private final String message;

    /**
     * @param id        the request's id, by which an answer names it
     * @param index     which run of the build it is about
     * @param submitter comma-separated users and groups that may answer, or null for the host's default (Jenkins: those who may cancel
     *                  the build)
     * @param message   what the reviewer is asked
     */
    public ReviewRequest(String id, int index, String submitter, String message) {
        this.id = id;
        this.index = index;
        this.submitter = submitter == null || submitter.isBlank() ? null : submitter.trim();
        this.message = message;
    }

    public String getId() {
        return id;
    }

    public int getIndex() {
        return index;
    }

    public String getSubmitter() {
        return submitter;
    }

    public String getMessage() {
        return message;
    }

    /** Whom the request waits for, as the build log says it. */
    public String waitingFor() {
        return "waiting for " + (submitter == null ? "someone who may cancel this build" : submitter) + " to approve or reject";
    }

    /**
     * Whether a person may answer, by name or by one of their groups. Only for a request that names its
     * submitters: without a list the host decides.
     */
    public boolean names(String user, Collection<String> groups) {
        Set<String> allowed = Arrays.stream(submitter == null ? new String[0] : submitter.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return allowed.contains(user) || groups.stream().anyMatch(allowed::contains);
    }
}
