package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.RunningCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * The engine's real process runner, with each command changed first: how a test puts the engine on a node that differs
 * from this machine (a user without root, a git that trusts the tests' repositories).
 *
 * @param delegate the runner that starts the changed command
 * @param change   what each command becomes
 */
record RewritingRunner(CommandRunner delegate, UnaryOperator<Command> change) implements CommandRunner {
    @Override
    public CommandResult run(Command command) throws IOException, InterruptedException {
        return delegate.run(change.apply(command));
    }

    @Override
    public RunningCommand start(Command command, OutputStream stdout, OutputStream stderr) throws IOException {
        return delegate.start(change.apply(command), stdout, stderr);
    }
}
