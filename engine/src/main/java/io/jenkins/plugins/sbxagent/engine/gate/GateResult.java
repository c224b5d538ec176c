package io.jenkins.plugins.sbxagent.engine.gate;

import java.util.List;

/**
 * The gate's decision and why.
 *
 * @param decision the worst decision of all items
 * @param items    one per policy rule that was active
 * @param active   whether any policy rule was active at all
 */
public record GateResult(Decision decision, List<GateItem> items, boolean active) {
    public GateResult {
        items = List.copyOf(items);
    }

    /** One sentence per item, for people: no option names. */
    public List<String> sentences() {
        if (!active) {
            return List.of("No gate rules are active: every change set passes.");
        }
        return items.stream().map(GateItem::sentence).toList();
    }

    /** One line per item, for logs and summaries. */
    public List<String> messages() {
        if (!active) {
            return List.of("No gate rules are active: every change set passes.");
        }
        return items.stream().map(i -> i.rule() + ": " + i.decision().id() + " — " + i.message()).toList();
    }
}
