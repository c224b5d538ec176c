package io.jenkins.plugins.sbxagent.engine.session;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.regex.Pattern;

/** The bounds and names every session file keeps, on the way out of a sandbox and on the way into the next. */
final class SessionFiles {
    /** A session is a transcript and its side files (large tool outputs, subagents): a few, not a file system. */
    static final int MAX_FILES = 1_000;
    /** Transcripts grow with every tool output; past this a session is not carried. */
    static final long MAX_BYTES = 256L << 20;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");

    private SessionFiles() {
    }

    /** Whether a relative path is one sbx-agent carries: plain parts, none of them '.' or '..', no link can hide in it. */
    static boolean isPlain(String path) {
        for (String part : path.split("/", -1)) {
            if (!PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Refuses what a manifest must never name; errors name {@code field}. */
    static void check(String path, String within, String field) {
        if (!isPlain(path) || !path.startsWith(within + "/")) {
            throw new SpecException(field, "the session names '" + path.replaceAll("\\p{Cntrl}", "?") + "', which is no file of a session.",
                    "Continue the session from the unchanged outputs of the run that left it.");
        }
    }
}
