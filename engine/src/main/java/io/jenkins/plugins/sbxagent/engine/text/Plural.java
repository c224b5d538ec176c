package io.jenkins.plugins.sbxagent.engine.text;

/** A count with its noun, as people write it: "1 finding", "3 findings". */
public final class Plural {
    private Plural() {
    }

    public static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
