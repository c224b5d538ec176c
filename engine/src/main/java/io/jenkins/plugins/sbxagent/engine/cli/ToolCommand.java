package io.jenkins.plugins.sbxagent.engine.cli;

/** One command of the tool ({@code run}, {@code gate}, {@code gc}): its options, its help and what it does. */
interface ToolCommand {
    /** The word after {@code sbx-agent}. */
    String name();

    /** What follows the name in the usage line, e.g. {@code [OPTIONS] -- COMMAND [ARG...]}. */
    String synopsis();

    /** One line for the tool's list of commands. */
    String summary();

    /** What the command's own help says of it. */
    default String description() {
        return summary();
    }

    OptionTable options();

    /** Does the command's work and answers its exit code; bad input is a {@code SpecException}. */
    int call(Arguments arguments) throws Exception;
}
