package io.jenkins.plugins.sbxagent.engine.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The options one command takes, in the order its help lists them. Every option is long ({@code --name}); one that
 * takes a value takes exactly one per occurrence, and whether it may be repeated is up to the reader
 * ({@link Arguments#list} or {@link Arguments#text}). Declared by plain calls, not read from annotations: the tool
 * starts in a cold JVM for every run, and a reflective model cost it about 0.2 s.
 */
final class OptionTable {
    static final String HELP = "--help";

    private final Options options = new Options();

    OptionTable() {
        options.addOption(Option.builder("h").longOpt(bare(HELP)).desc("Shows this help and exits.").get());
    }

    /** {@code --name LABEL}: an option with a value. */
    OptionTable value(String name, String label, String description) {
        options.addOption(Option.builder().longOpt(bare(name)).hasArg().argName(label).desc(description).get());
        return this;
    }

    /** {@code --name}: an option without a value. */
    OptionTable flag(String name, String description) {
        options.addOption(Option.builder().longOpt(bare(name)).desc(description).get());
        return this;
    }

    Options options() {
        return options;
    }

    static String bare(String name) {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("a long option starts with --: " + name);
        }
        return name.substring(2);
    }
}
