package io.jenkins.plugins.sbxagent.engine.stage;

import java.util.ArrayList;
import java.util.List;

/**
 * An id mapping, as a user namespace holds it, that shows {@code host} as {@code sandbox} and
 * {@code sandbox} as {@code host}, and every other id as itself. A mapping must be one to one, so the
 * sandbox user's own host files appear as the workspace owner's: read-only to the agent, as before.
 *
 * @param host    the id on the host file system (the workspace owner's uid or gid)
 * @param sandbox the id the sandbox user has
 */
record IdSwap(long host, long sandbox) {
    /** The highest id; {@code (uid_t) -1} means "no id" and is never mapped. */
    static final long LAST_ID = 4294967294L;

    IdSwap {
        if (host < 0 || host > LAST_ID || sandbox < 0 || sandbox > LAST_ID) {
            throw new IllegalArgumentException("ids run from 0 to " + LAST_ID + ": " + host + ", " + sandbox);
        }
    }

    /** The mapping's lines ({@code inside outside count}, the on-disk id inside), joined by {@code ;}. */
    String lines() {
        List<String> lines = new ArrayList<>();
        if (host == sandbox) {
            lines.add(identity(0, LAST_ID));
            return String.join(";", lines);
        }
        lines.add(host + " " + sandbox + " 1");
        lines.add(sandbox + " " + host + " 1");
        long low = Math.min(host, sandbox);
        long high = Math.max(host, sandbox);
        if (low > 0) {
            lines.add(identity(0, low - 1));
        }
        if (high - low > 1) {
            lines.add(identity(low + 1, high - 1));
        }
        if (high < LAST_ID) {
            lines.add(identity(high + 1, LAST_ID));
        }
        return String.join(";", lines);
    }

    private static String identity(long first, long last) {
        return first + " " + first + " " + (last - first + 1);
    }
}
