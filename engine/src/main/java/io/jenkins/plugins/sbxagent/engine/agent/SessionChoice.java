package io.jenkins.plugins.sbxagent.engine.agent;

/**
 * A session of an earlier run the agent continues: resumed as it is, or forked into a new one that leaves it as it was.
 *
 * @param id   the session's id, checked against the agent's format before it reaches a command line
 * @param fork whether to fork rather than resume
 */
public record SessionChoice(String id, boolean fork) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
}
