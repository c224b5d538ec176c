package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.Serializable;
import java.util.List;

/**
 * A merge policy as a step, a job or an administrator sets it: each field left null keeps what lies
 * beneath, and path lists add to it.
 *
 * @param failOn          a severity, or null
 * @param reviewOn        a severity, or null
 * @param unstableOn      a severity, or null
 * @param protectedPaths  globs never to touch, added to those beneath
 * @param allowedPaths    globs that may change, added to those beneath
 * @param maxChangedFiles a cap, or null (0: no cap)
 * @param maxChangedLines a cap, or null (0: no cap)
 */
public record PolicyFields(String failOn, String reviewOn, String unstableOn, List<String> protectedPaths, List<String> allowedPaths,
        Integer maxChangedFiles, Integer maxChangedLines) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final PolicyFields NONE = new PolicyFields(null, null, null, List.of(), List.of(), null, null);

    public PolicyFields {
        protectedPaths = protectedPaths == null ? List.of() : List.copyOf(protectedPaths);
        allowedPaths = allowedPaths == null ? List.of() : List.copyOf(allowedPaths);
    }

    /** This policy laid over {@code base}: what is set here wins; path lists add to the base's. */
    public Policy applyTo(Policy base) {
        return base.overlay(severity("policy.failOn", failOn), severity("policy.reviewOn", reviewOn),
                severity("policy.unstableOn", unstableOn), protectedPaths, allowedPaths, maxChangedFiles,
                maxChangedLines == null ? null : maxChangedLines.longValue());
    }

    /**
     * The strict default, then the administrator's policy, then the job's: each sets what it names,
     * and path lists add up, so a job can add protected paths but never remove the administrator's.
     */
    public static Policy merged(PolicyFields administrators, PolicyFields jobs) {
        Policy policy = Policy.strict();
        if (administrators != null) {
            policy = administrators.applyTo(policy);
        }
        return jobs == null ? policy : jobs.applyTo(policy);
    }

    private static Severity severity(String field, String text) {
        return text == null || text.isBlank() ? null : Severity.parse(field, text);
    }
}
