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
    /**
     * Claude Code: {@code CLAUDE_CONFIG_DIR/projects/<the working folder, each character but letters and digits as '-'>/<id>.jsonl}.
     * Its user settings live in the same folder, which starts empty in every run: only the transcript is carried.
     */
    static final SessionFormat CLAUDE = new SessionFormat(AgentKind.CLAUDE, "CLAUDE_CONFIG_DIR", UUID, "projects/-workspace");

    /** The format of an agent whose sessions sbx-agent carries, if it has one. */
    public static Optional<SessionFormat> of(AgentKind agent) {
        return agent == AgentKind.CLAUDE ? Optional.of(CLAUDE) : Optional.empty();
    }

    /** The session's transcript, relative to the state folder. */
    public String transcript(String sessionId) {
        return folder + "/" + sessionId + ".jsonl";
    }
}
