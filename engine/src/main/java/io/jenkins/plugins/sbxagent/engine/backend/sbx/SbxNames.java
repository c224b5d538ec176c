package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import java.util.Optional;

/**
 * Sandbox names: sbx labels nothing, so the name is the label. A fixed prefix and the run id make it
 * unique and let gc tell sbx-agent's sandboxes from a person's. sbx allows letters, digits, '-', '.'
 * and '+'; a run id's '_' becomes '+', which a run id never holds, so no two run ids share a name.
 */
public final class SbxNames {
    public static final String PREFIX = "sbx-agent-";

    private SbxNames() {
    }

    public static String forRun(String runId) {
        return PREFIX + runId.replace('_', '+');
    }

    /** The run id of one of sbx-agent's sandboxes, or empty for any other. */
    public static Optional<String> runIdOf(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(name.substring(PREFIX.length()).replace('+', '_'));
    }
}
