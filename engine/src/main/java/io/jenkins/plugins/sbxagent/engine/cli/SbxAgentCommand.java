package io.jenkins.plugins.sbxagent.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sbx-agent}: runs coding agents in a sandbox and reports what they changed. */
@Command(name = "sbx-agent", mixinStandardHelpOptions = true, version = "sbx-agent 0.1.0",
        description = "Runs an untrusted coding agent in a sandbox and reports what it changed.",
        subcommands = {RunCommand.class, GateCommand.class, GcCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the agent succeeded and the gate passed", "2:bad input (the message names the option)", "3:the sandbox failed",
            "4:the agent ran past its timeout", "5:the agent exited non-zero", "10:the gate asks for review", "11:the gate marks the run unstable",
            "12:the gate fails the change", "130:interrupted"})
public final class SbxAgentCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec commandSpec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(commandSpec.commandLine(), "name a command: run, gate or gc");
    }

    public static void main(String[] args) {
        // readied while the command line is parsed and the spec checked, on the other core
        WarmUp.aside();
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new SbxAgentCommand());
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof io.jenkins.plugins.sbxagent.engine.spec.SpecException
                    || e instanceof io.jenkins.plugins.sbxagent.engine.risk.RuleBook.RuleException) {
                commandLine.getErr().println("sbx-agent: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("sbx-agent: " + e);
            return 3;
        });
        return line;
    }
}
