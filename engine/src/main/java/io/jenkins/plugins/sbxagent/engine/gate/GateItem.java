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
    /** The item as a reviewer reads it: what was found and, when it stands in the way, what follows. */
    public String sentence() {
        String found = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return decision == Decision.PASS ? found + "." : found + ": " + decision.meaning() + ".";
    }
}
