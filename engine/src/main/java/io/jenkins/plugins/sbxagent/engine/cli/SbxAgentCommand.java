package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.deliver.DeliveryException;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code sbx-agent COMMAND [OPTIONS]}: runs coding agents in a sandbox and reports what they changed. Picks the
 * command, parses its options and maps what goes wrong to the tool's exit codes: 2 for bad input (the message names
 * the option and the fix), 3 for anything else.
 */
public final class SbxAgentCommand {
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final List<ToolCommand> commands;

    public SbxAgentCommand(PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.commands = List.of(new RunCommand(environment, stdout, stderr), new GateCommand(stdout),
                new DeliverCommand(environment, stdout), new GcCommand(stdout));
    }

    public static void main(String[] args) {
        System.exit(new SbxAgentCommand(System.out, System.err, System.getenv()).execute(args));
    }

    /** Runs the tool on {@code args} and answers its exit code. */
    public int execute(String... args) {
        try {
            if (args.length == 0) {
                throw new SpecException("COMMAND", "is missing.", "Name one: run, gate or gc (see " + Help.TOOL + " --help).");
            }
            switch (args[0]) {
                case "-h", "--help" -> {
                    Help.tool(stdout, commands);
                    return 0;
                }
                case "-V", "--version" -> {
                    stdout.println(Help.VERSION);
                    return 0;
                }
                default -> {
                    ToolCommand command = command(args[0]);
                    Arguments arguments = Arguments.parse(Help.TOOL + " " + command.name(), command.options(),
                            Arrays.asList(args).subList(1, args.length));
                    if (arguments.helpAsked()) {
                        Help.command(stdout, command);
                        return 0;
                    }
                    return command.call(arguments);
                }
            }
        } catch (SpecException | RuleBook.RuleException e) {
            stderr.println(Help.TOOL + ": " + e.getMessage());
            return 2;
        } catch (DeliveryException e) {
            // a branch asked for and not made: git's own words, without a class name
            stderr.println(Help.TOOL + ": " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println(Help.TOOL + ": interrupted");
            return 130;
        } catch (Exception e) {
            stderr.println(Help.TOOL + ": " + e);
            return 3;
        }
    }

    private ToolCommand command(String name) {
        return commands.stream().filter(command -> command.name().equals(name)).findFirst()
                .orElseThrow(() -> new SpecException("COMMAND", "'" + name + "' is not one of run, gate, gc.", "See " + Help.TOOL + " --help."));
    }
}
