package io.jenkins.plugins.sbxagent.engine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Option;

/** The tool's help texts: the tool's own, and each command's with its options in the order they were declared. */
final class Help {
    static final String TOOL = "sbx-agent";
    static final String VERSION = "sbx-agent 0.1.0";

    /** The exit codes every command shares, as the tool's help lists them. */
    private static final List<String> EXIT_CODES = List.of(
            "0    the agent succeeded and the gate passed",
            "2    bad input (the message names the option)",
            "3    the sandbox failed, or what follows the agent (--apply, --deliver-branch) did not finish",
            "4    the agent ran past its timeout",
            "5    the agent exited non-zero",
            "10   the gate asks for review",
            "11   the gate marks the run unstable",
            "12   the gate fails the change",
            "130  interrupted");

    private Help() {
    }

    static void tool(PrintStream out, List<ToolCommand> commands) {
        out.println("Usage: " + TOOL + " COMMAND [OPTIONS]");
        out.println("Runs an untrusted coding agent in a sandbox and reports what it changed.");
        out.println();
        out.println("Commands:");
        int width = commands.stream().mapToInt(command -> command.name().length()).max().orElse(0);
        commands.forEach(command -> out.printf("  %-" + width + "s  %s%n", command.name(), command.summary()));
        out.println();
        out.println("Options:");
        out.println("  -h, --help     Shows this help and exits.");
        out.println("  -V, --version  Prints the version and exits.");
        out.println();
        out.println("Exit codes:");
        EXIT_CODES.forEach(line -> out.println("  " + line));
        out.println();
        out.println("See " + TOOL + " COMMAND --help for a command's options.");
    }

    static void command(PrintStream out, ToolCommand command) {
        out.println("Usage: " + TOOL + " " + command.name() + " " + command.synopsis());
        out.println(command.description());
        out.println();
        out.println("Options:");
        // in the declared order, which groups the options by what they are for
        List<Option> options = List.copyOf(command.options().options().getOptions());
        int width = options.stream().mapToInt(option -> name(option).length()).max().orElse(0);
        String indent = " ".repeat(2 + width + 2);
        for (Option option : options) {
            List<String> lines = wrapped(option.getDescription(), WIDTH - indent.length());
            out.printf("  %-" + width + "s  %s%n", name(option), lines.get(0));
            lines.subList(1, lines.size()).forEach(line -> out.println(indent + line));
        }
        out.flush();
    }

    private static final int WIDTH = 100;

    /** {@code -h, --help} or {@code --image IMAGE}. */
    private static String name(Option option) {
        return (option.getOpt() == null ? "" : "-" + option.getOpt() + ", ") + "--" + option.getLongOpt()
                + (option.hasArg() ? " " + option.getArgName() : "");
    }

    /** The words of {@code text} in lines of at most {@code width} characters (a longer word stands alone). */
    static List<String> wrapped(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
