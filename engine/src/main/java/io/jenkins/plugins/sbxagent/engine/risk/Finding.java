package io.jenkins.plugins.sbxagent.engine.risk;

/**
 * One thing a rule found.
 *
 * @param rule     the rule's id
 * @param severity how much it matters (the rule's, or raised by escalation)
 * @param path     the workspace path, or {@code agent.log} for the log
 * @param line     1-based line in the new content, or 0 when not tied to a line
 * @param message  what was found
 * @param evidence the line or value that shows it, with secrets masked and tokens redacted
 */
public record Finding(String rule, Severity severity, String path, int line, String message, String evidence) {
}
