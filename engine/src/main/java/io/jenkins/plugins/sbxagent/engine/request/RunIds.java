package io.jenkins.plugins.sbxagent.engine.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Run ids for hosts that run many: leftovers name their build, and parallel runs of one build never collide. */
public final class RunIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /**
     * {@code b<number>-<hash of the build's full id>-<random>}: the number for people, the hash so that two
     * jobs' build 7 differ, the random part since parallel branches of one build may start runs at the same moment.
     */
    public static String forBuild(int number, String buildId) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(buildId.getBytes(StandardCharsets.UTF_8));
            return "b" + number + "-" + HexFormat.of().formatHex(hash, 0, 4) + "-" + HexFormat.of().formatHex(random);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
