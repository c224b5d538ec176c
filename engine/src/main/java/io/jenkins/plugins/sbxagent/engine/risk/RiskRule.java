package io.jenkins.plugins.sbxagent.engine.risk;

/**
 * One risk rule.
 *
 * @param id        stable identifier
 * @param family    the documented family it belongs to
 * @param title     one line, shown with each finding
 * @param severity  default severity of its findings
 * @param why       why such a change matters
 * @param reference where the danger is documented
 * @param match     what it looks at
 */
public record RiskRule(String id, String family, String title, Severity severity, String why, String reference, RuleMatch match) {
}
