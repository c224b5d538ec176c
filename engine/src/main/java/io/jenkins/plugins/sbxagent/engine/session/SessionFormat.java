package io.jenkins.plugins.sbxagent.engine.session;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an agent keeps a session in its state folder. The state folder is
 * a private folder of the run, mounted writable at {@link #STATE_TARGET} and named to the agent by its own variable, so
 * that what the agent wrote there outlives the sandbox long enough to be read.
 *
 * @param agent    the agent
 * @param variable the agent's variable naming its state folder
 * @param id       what the agent's session ids look like: an id is checked before it reaches a command line, since an
 *                 agent takes what is not an id for a session's title
 * @param folder   the folder of the state folder that holds the sessions of the sandbox's workspace
 */
public record SessionFormat(AgentKind agent, String variable, Pattern id, String folder) {
    /** Where the state folder appears in the sandbox. */
    public static final String STATE_TARGET = "/run/sbx-agent/state";

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ROLLOUT = Pattern.compile("rollout-[0-9A-Za-z_.:-]*-" + UUID.pattern() + "\\.jsonl");
    /**
     * Claude Code: {@code CLAUDE_CONFIG_DIR/projects/<the working folder, each character but letters and digits as '-'>/<id>.jsonl},
     * and beside it a folder {@code <id>/} of large tool outputs. Its user settings live in the same state folder, which
     * starts empty in every run: only the session is carried.
     */
    static final SessionFormat CLAUDE = new SessionFormat(AgentKind.CLAUDE, AgentKind.CLAUDE.stateVariable(), UUID, "projects/-workspace");
    /**
     * Codex: {@code CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl}, whose name must keep the id; the databases
     * beside it are made again from it. A fork's rollout holds only what is new and names its parent
     * ({@code forked_from_id}), whose rollout must come along.
     */
    static final SessionFormat CODEX = new SessionFormat(AgentKind.CODEX, AgentKind.CODEX.stateVariable(), UUID, "sessions");

    /**
     * OpenCode: a SQLite database, {@code XDG_DATA_HOME/opencode/opencode.db} (with its write-ahead log beside it), which
     * crosses as one compacted, checked file ({@link OpenCodeDatabase}).
     */
    static final SessionFormat OPENCODE = new SessionFormat(AgentKind.OPENCODE, AgentKind.OPENCODE.stateVariable(), Pattern.compile("ses_[0-9A-Za-z]{26}"),
            "opencode");

    /** The format of an agent whose sessions sbx-agent carries, if it has one. */
    public static Optional<SessionFormat> of(AgentKind agent) {
        return switch (agent) {
            case CLAUDE -> Optional.of(CLAUDE);
            case CODEX -> Optional.of(CODEX);
            case OPENCODE -> Optional.of(OPENCODE);
            default -> Optional.empty();
        };
    }

    /**
     * Whether {@code path} is a file a session carries, as capture takes it: Claude Code's transcript and the files of
     * its side folder, Codex's rollouts, OpenCode's database. Nothing else of the state folder (Claude Code's memory, a
     * settings file) crosses in, whatever a manifest lists.
     */
    public boolean mayCarry(String path, String sessionId) {
        return switch (agent) {
            case CLAUDE -> isTranscript(path, sessionId) || path.startsWith(folder + "/" + sessionId + "/");
            case CODEX -> ROLLOUT.matcher(path.substring(path.lastIndexOf('/') + 1)).matches() && path.startsWith(folder + "/");
            default -> isTranscript(path, sessionId);
        };
    }

    /** Whether the sessions are a database rather than transcripts: it is checked by SQL, and cannot be masked. */
    public boolean isDatabase() {
        return agent == AgentKind.OPENCODE;
    }

    /** Whether {@code path}, relative to the state folder, is the transcript (or database) of session {@code sessionId}. */
    public boolean isTranscript(String path, String sessionId) {
        if (agent == AgentKind.CLAUDE) {
            return path.equals(folder + "/" + sessionId + ".jsonl");
        }
        if (agent == AgentKind.OPENCODE) {
            return path.equals(OpenCodeDatabase.FILE);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return path.startsWith(folder + "/") && name.startsWith("rollout-") && name.endsWith("-" + sessionId + ".jsonl");
    }
}
