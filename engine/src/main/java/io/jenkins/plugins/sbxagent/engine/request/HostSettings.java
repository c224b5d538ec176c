package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.AdministratorLimits;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.Choices;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What the administrator of a host set for every run: defaults, caps and extra risk rules.
 *
 * @param defaultBackend the backend of a request that names none
 * @param defaultImage   the image of a request that names none, or null
 * @param limits         what no run may exceed
 * @param defaultPolicy  the policy laid over the strict default before a job's
 * @param extraRules     risk rules (YAML) laid over the shipped ones, or null
 * @param where          where users find these settings, named in refusals
 */
public record HostSettings(Backend defaultBackend, String defaultImage, AdministratorLimits limits, PolicyFields defaultPolicy,
        String extraRules, String where) {
    /** The defaults of a fresh installation. */
    public static final String DEFAULT_BACKEND = "docker";
    public static final String DEFAULT_NETWORK = "none";
    public static final int DEFAULT_MAX_TIMEOUT_MINUTES = 120;
    public static final double DEFAULT_MAX_CPUS = 4;
    public static final String DEFAULT_MAX_MEMORY = "8g";

    public HostSettings {
        defaultPolicy = defaultPolicy == null ? PolicyFields.NONE : defaultPolicy;
        if (extraRules != null) {
            checkRules(extraRules);
        }
    }

    /**
     * The settings as an administrator's form or Configuration as Code holds them, checked field by
     * field.
     *
     * @throws SpecException naming the setting
     */
    public static HostSettings of(String defaultBackend, String defaultImage, List<String> allowedImages, String widestNetwork,
            int maxTimeoutMinutes, double maxCpus, String maxMemory, PolicyFields defaultPolicy, String extraRules, String where) {
        NetworkMode network = Choices.of("widestNetwork", NetworkMode.class, orDefault(widestNetwork, DEFAULT_NETWORK));
        if (maxTimeoutMinutes < 1) {
            throw new SpecException("maxTimeoutMinutes", "must be at least 1, was " + maxTimeoutMinutes + ".", "Give minutes, e.g. 120.");
        }
        AdministratorLimits limits = new AdministratorLimits(allowedImages, network, Duration.ofMinutes(maxTimeoutMinutes), maxCpus,
                Limits.parseSize("maxMemory", orDefault(maxMemory, DEFAULT_MAX_MEMORY)));
        return new HostSettings(Backend.parse("defaultBackend", orDefault(defaultBackend, DEFAULT_BACKEND)), blankToNull(defaultImage), limits,
                defaultPolicy,
                blankToNull(extraRules), where);
    }

    /** The shipped rules with the administrator's laid over them. */
    public RuleBook rules() {
        return rulesWith(extraRules);
    }

    /**
     * Checks risk rules an administrator writes (YAML, the shipped rules' schema).
     *
     * @throws SpecException naming {@code extraRules} and what is wrong
     */
    public static void checkRules(String yaml) {
        try {
            rulesWith(yaml);
        } catch (IllegalArgumentException e) {
            throw new SpecException("extraRules", e.getMessage(), "Fix the YAML; the schema is in docs/risk-rules.md.");
        }
    }

    /** The shipped rules with an administrator's rules (YAML, or null for none) laid over them. */
    static RuleBook rulesWith(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return RuleBook.shipped();
        }
        try {
            return RuleBook.shipped().withOverrides(yaml, "the rules");
        } catch (IOException e) {
            // Jackson's parse errors are IOExceptions: the text is not YAML of the rules' shape
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A setting left empty means its default. */
    private static String orDefault(String text, String otherwise) {
        return text == null || text.isBlank() ? otherwise : text;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
