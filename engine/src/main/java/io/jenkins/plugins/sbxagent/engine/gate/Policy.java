package io.jenkins.plugins.sbxagent.engine.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.sbxagent.engine.risk.Glob;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * How a risk report becomes a decision. The default is strict: fail at critical, review at high,
 * unstable at medium, review above 500 changed entries or 10,000 changed lines.
 *
 * @param failOn          findings at or above this severity fail ({@code none}: never)
 * @param reviewOn        findings at or above this need review
 * @param unstableOn      findings at or above this make the build unstable
 * @param protectedPaths  globs the agent must never touch: any change there fails
 * @param allowedPaths    globs the agent may change; a change outside needs review (empty: anywhere)
 * @param maxChangedFiles more changed entries than this need review (0: no cap)
 * @param maxChangedLines more changed lines than this need review (0: no cap)
 */
public record Policy(Severity failOn, Severity reviewOn, Severity unstableOn, List<String> protectedPaths, List<String> allowedPaths,
        int maxChangedFiles, long maxChangedLines) implements java.io.Serializable {
    private static final Set<String> KEYS = Set.of("failOn", "reviewOn", "unstableOn", "protectedPaths", "allowedPaths", "maxChangedFiles",
            "maxChangedLines");

    public Policy {
        protectedPaths = List.copyOf(protectedPaths);
        allowedPaths = List.copyOf(allowedPaths);
        if (maxChangedFiles < 0 || maxChangedLines < 0) {
            throw new SpecException("policy", "caps cannot be negative.", "Use 0 for no cap.");
        }
        for (String glob : protectedPaths) {
            checkGlob("protectedPaths", glob);
        }
        for (String glob : allowedPaths) {
            checkGlob("allowedPaths", glob);
        }
    }

    private static void checkGlob(String field, String glob) {
        if (glob == null || glob.isBlank()) {
            throw new SpecException(field, "holds an empty path glob.", "Remove it or write a glob such as src/** or Jenkinsfile.");
        }
        try {
            Glob.of(glob, false);
        } catch (IllegalArgumentException e) {
            throw new SpecException(field, e.getMessage() + ".", "");
        }
    }

    /** The strict default. */
    public static Policy strict() {
        return new Policy(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, List.of(), List.of(), 500, 10_000);
    }

    public Policy withFailOn(Severity value) {
        return new Policy(value, reviewOn, unstableOn, protectedPaths, allowedPaths, maxChangedFiles, maxChangedLines);
    }

    public Policy withReviewOn(Severity value) {
        return new Policy(failOn, value, unstableOn, protectedPaths, allowedPaths, maxChangedFiles, maxChangedLines);
    }

    public Policy withUnstableOn(Severity value) {
        return new Policy(failOn, reviewOn, value, protectedPaths, allowedPaths, maxChangedFiles, maxChangedLines);
    }

    public Policy withProtectedPaths(List<String> value) {
        return new Policy(failOn, reviewOn, unstableOn, value, allowedPaths, maxChangedFiles, maxChangedLines);
    }

    public Policy withAllowedPaths(List<String> value) {
        return new Policy(failOn, reviewOn, unstableOn, protectedPaths, value, maxChangedFiles, maxChangedLines);
    }

    public Policy withMaxChangedFiles(int value) {
        return new Policy(failOn, reviewOn, unstableOn, protectedPaths, allowedPaths, value, maxChangedLines);
    }

    public Policy withMaxChangedLines(long value) {
        return new Policy(failOn, reviewOn, unstableOn, protectedPaths, allowedPaths, maxChangedFiles, value);
    }

    /**
     * This policy with the given settings laid over it: each one given (not null) replaces the
     * setting, except the path lists, which add to this policy's, so that a layer can protect more
     * but never less.
     */
    public Policy overlay(Severity failOnValue, Severity reviewOnValue, Severity unstableOnValue, List<String> moreProtected,
            List<String> moreAllowed, Integer maxFiles, Long maxLines) {
        Policy policy = this;
        if (failOnValue != null) {
            policy = policy.withFailOn(failOnValue);
        }
        if (reviewOnValue != null) {
            policy = policy.withReviewOn(reviewOnValue);
        }
        if (unstableOnValue != null) {
            policy = policy.withUnstableOn(unstableOnValue);
        }
        if (moreProtected != null && !moreProtected.isEmpty()) {
            List<String> all = new ArrayList<>(policy.protectedPaths());
            all.addAll(moreProtected);
            policy = policy.withProtectedPaths(all);
        }
        if (moreAllowed != null && !moreAllowed.isEmpty()) {
            List<String> all = new ArrayList<>(policy.allowedPaths());
            all.addAll(moreAllowed);
            policy = policy.withAllowedPaths(all);
        }
        if (maxFiles != null) {
            policy = policy.withMaxChangedFiles(maxFiles);
        }
        if (maxLines != null) {
            policy = policy.withMaxChangedLines(maxLines);
        }
        return policy;
    }

    List<Glob> protectedGlobs() {
        return Glob.all(protectedPaths, false);
    }

    List<Glob> allowedGlobs() {
        return Glob.all(allowedPaths, false);
    }

    /**
     * Reads a policy file (YAML or JSON) over the strict default: keys left out keep their default.
     * An unknown key is an error, so that a typo never weakens the gate silently.
     */
    public static Policy read(Path file) throws IOException {
        JsonNode root;
        try {
            try (InputStream in = Files.newInputStream(file)) {
                root = JsonTrees.read(new YAMLFactory(), in);
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new SpecException("--policy", file + " is not valid YAML or JSON: " + e.getOriginalMessage(), "Fix the file's syntax.");
        }
        if (root == null || !root.isObject()) {
            throw new SpecException("--policy", file + " is not a YAML or JSON mapping.", "Write keys such as failOn: critical.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new SpecException("--policy", file + ": unknown key '" + name + "'.", "Known keys: " + KEYS + ".");
            }
        }
        Policy policy = strict();
        if (root.has("failOn")) {
            policy = policy.withFailOn(Severity.parse("failOn", root.get("failOn").asText()));
        }
        if (root.has("reviewOn")) {
            policy = policy.withReviewOn(Severity.parse("reviewOn", root.get("reviewOn").asText()));
        }
        if (root.has("unstableOn")) {
            policy = policy.withUnstableOn(Severity.parse("unstableOn", root.get("unstableOn").asText()));
        }
        if (root.has("protectedPaths")) {
            policy = policy.withProtectedPaths(strings(root.get("protectedPaths"), "protectedPaths"));
        }
        if (root.has("allowedPaths")) {
            policy = policy.withAllowedPaths(strings(root.get("allowedPaths"), "allowedPaths"));
        }
        if (root.has("maxChangedFiles")) {
            policy = policy.withMaxChangedFiles((int) number(root.get("maxChangedFiles"), "maxChangedFiles", Integer.MAX_VALUE));
        }
        if (root.has("maxChangedLines")) {
            policy = policy.withMaxChangedLines(number(root.get("maxChangedLines"), "maxChangedLines", Long.MAX_VALUE));
        }
        return policy;
    }

    /** A cap must be a whole number: anything else would read as 0, which means no cap at all. */
    private static long number(JsonNode node, String key, long max) {
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() > max) {
            throw new SpecException(key, "'" + node.asText() + "' is not a whole number.", "Write a number of entries or lines; 0 means no cap.");
        }
        return node.asLong();
    }

    /** A list of globs; a single glob written without brackets counts as a list of one; anything else is refused. */
    private static List<String> strings(JsonNode node, String key) {
        try {
            return JsonTrees.texts(node);
        } catch (IllegalArgumentException e) {
            throw new SpecException(key, e.getMessage() + ".", "Write a glob or a list of globs, e.g. [\"src/**\"].");
        }
    }
}
