package io.jenkins.plugins.sbxagent.engine.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The name and labels of one run's sandbox resources.
 *
 * @param name     unique name: tenant hash, run id and a random suffix, so no two runs share it
 * @param tenant   whom the run belongs to
 * @param runId    the run's id
 * @param created  when the run started
 * @param expires  after this, a leftover may be removed by {@code gc}
 */
public record SandboxLabels(String name, String tenant, String runId, Instant created, Instant expires) {
    public static final String PREFIX = "io.jenkins.sbx-agent.";
    public static final String MANAGED = PREFIX + "managed";
    public static final String TENANT = PREFIX + "tenant";
    public static final String RUN_ID = PREFIX + "run-id";
    public static final String CREATED = PREFIX + "created";
    public static final String EXPIRES = PREFIX + "expires";

    /** Extra time past the run's timeout before a leftover counts as expired. */
    static final Duration GRACE = Duration.ofMinutes(10);

    /** Names a new run's resources; they expire {@link #GRACE} after the run's timeout. */
    public static SandboxLabels forRun(String tenant, String runId, Instant now, Duration timeout) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String name = "sbx-agent-" + tenantHash(tenant) + "-" + runId + "-" + HexFormat.of().formatHex(random);
        return new SandboxLabels(name, tenant, runId, now, now.plus(timeout).plus(GRACE));
    }

    /** The labels as {@code --label KEY=VALUE} arguments of a docker command, in a stable order. */
    public List<String> asArguments() {
        List<String> arguments = new ArrayList<>();
        asMap().forEach((key, value) -> {
            arguments.add("--label");
            arguments.add(key + "=" + value);
        });
        return arguments;
    }

    /** The labels, in a stable order. */
    public Map<String, String> asMap() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(TENANT, tenant);
        labels.put(RUN_ID, runId);
        labels.put(CREATED, Long.toString(created.getEpochSecond()));
        labels.put(EXPIRES, Long.toString(expires.getEpochSecond()));
        return labels;
    }

    static String tenantHash(String tenant) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
