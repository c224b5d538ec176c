package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * One command's arguments, parsed against its {@link OptionTable} and read as typed values. Every refusal is a
 * {@link SpecException} naming the option and the fix. Nothing is guessed: an option is never matched by a prefix
 * of its name, quotes are kept as written, and an option that takes one value refuses a second.
 */
final class Arguments {
    private final CommandLine line;
    private final String command;

    private Arguments(CommandLine line, String command) {
        this.line = line;
        this.command = command;
    }

    /** Parses {@code args} (what follows the command's name) for {@code command}, e.g. {@code sbx-agent run}. */
    static Arguments parse(String command, OptionTable table, List<String> args) {
        DefaultParser parser = DefaultParser.builder().setAllowPartialMatching(false).setStripLeadingAndTrailingQuotes(false).get();
        try {
            return new Arguments(parser.parse(table.options(), args.toArray(String[]::new), false), command);
        } catch (UnrecognizedOptionException e) {
            throw new SpecException(e.getOption(), "is not an option of " + command + ".", "See " + command + " --help.");
        } catch (MissingArgumentException e) {
            String name = "--" + e.getOption().getLongOpt();
            throw new SpecException(name, "needs a value (" + e.getOption().getArgName() + ").",
                    "Write " + name + "=VALUE when the value starts with a dash.");
        } catch (ParseException e) {
            throw new SpecException(command, e.getMessage(), "See " + command + " --help.");
        }
    }

    boolean helpAsked() {
        return flag(OptionTable.HELP);
    }

    boolean flag(String name) {
        return line.hasOption(OptionTable.bare(name));
    }

    /** The value of an option given at most once, or null. */
    String text(String name) {
        String[] values = line.getOptionValues(OptionTable.bare(name));
        if (values == null) {
            return null;
        }
        if (values.length > 1) {
            throw new SpecException(name, "is given " + values.length + " times (" + String.join(", ", values) + ").", "Give it once.");
        }
        return values[0];
    }

    String text(String name, String fallback) {
        String value = text(name);
        return value == null ? fallback : value;
    }

    String required(String name, String fix) {
        String value = text(name);
        if (value == null) {
            throw new SpecException(name, "is missing.", fix);
        }
        return value;
    }

    /** Every value of a repeatable option, in the order given. */
    List<String> list(String name) {
        String[] values = line.getOptionValues(OptionTable.bare(name));
        return values == null ? List.of() : List.of(values);
    }

    Path path(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new SpecException(name, "'" + value + "' is not a path: " + e.getReason() + ".", "Name a file or folder.");
        }
    }

    Path requiredPath(String name, String fix) {
        required(name, fix);
        return path(name);
    }

    Path path(String name, Path fallback) {
        Path value = path(name);
        return value == null ? fallback : value;
    }

    Integer whole(String name) {
        Long value = wholeLong(name);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw new SpecException(name, value + " is too large.", "Write a number below " + Integer.MAX_VALUE + ".");
        }
        return value == null ? null : value.intValue();
    }

    Long wholeLong(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new SpecException(name, "'" + value + "' is not a whole number.", "Write e.g. 10.");
        }
    }

    Double decimal(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            double number = Double.parseDouble(value.trim());
            if (!Double.isFinite(number)) {
                throw new NumberFormatException(value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new SpecException(name, "'" + value + "' is not a number.", "Write e.g. 1.5.");
        }
    }

    /** What is not an option: the words after {@code --}, and any before it. */
    List<String> operands() {
        return line.getArgList();
    }

    String command() {
        return command;
    }
}
