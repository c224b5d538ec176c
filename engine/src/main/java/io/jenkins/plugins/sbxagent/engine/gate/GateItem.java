package io.jenkins.plugins.sbxagent.engine.gate;

/**
 * The outcome of one policy rule.
 *
 * @param rule      the policy key (failOn, protectedPaths, ...)
 * @param decision  what this rule alone decides
 * @param actual    what was found
 * @param threshold what the policy says
 * @param message   one line for people
 */
public record GateItem(String rule, Decision decision, String actual, String threshold, String message) {
}
