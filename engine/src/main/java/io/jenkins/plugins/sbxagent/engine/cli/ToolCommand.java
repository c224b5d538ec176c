package io.jenkins.plugins.sbxagent.engine.cli;

/** One command of the tool ({@code run}, {@code gate}, {@code gc}): its name and help, its options, and what it does. */
abstract class ToolCommand {
    private final String name;
    private final String synopsis;
    private final String summary;

    /**
     * @param name     the word after {@code sbx-agent}
     * @param synopsis what follows the name in the usage line, e.g. {@code [OPTIONS] -- COMMAND [ARG...]}
     * @param summary  one line for the tool's list of commands
     */
    ToolCommand(String name, String synopsis, String summary) {
        this.name = name;
        this.synopsis = synopsis;
        this.summary = summary;
    }

    final String name() {
        return name;
    }

    final String synopsis() {
        return synopsis;
    }

    final String summary() {
        return summary;
    }

    /** What the command's own help says of it. */
    String description() {
        return summary;
    }

    abstract OptionTable options();

    /** Does the command's work and answers its exit code; bad input is a {@code SpecException}. */
    abstract int call(Arguments arguments) throws Exception;
}
