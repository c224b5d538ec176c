package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.CommandTimeoutException;
import io.jenkins.plugins.sbxagent.engine.process.RunningCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code sbx} commands. The CLI has no timeout of its own, and a wedged sandbox daemon hangs
 * every call (docker/sbx-releases#398), so each call runs under a watchdog that kills the process
 * tree and says so. The CLI's telemetry is off: a sandbox run should not report home.
 */
public final class SbxCli {
    /** Long enough for a first {@code create} that pulls its template; every other call answers in seconds. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Map<String, String> ENVIRONMENT = Map.of("SBX_NO_TELEMETRY", "1");

    private final CommandRunner runner;
    private final SbxCommands commands;
    private final Duration callTimeout;

    public SbxCli(CommandRunner runner, String executable, Duration callTimeout) {
        this.runner = runner;
        this.commands = new SbxCommands(executable);
        this.callTimeout = callTimeout;
    }

    public SbxCommands commands() {
        return commands;
    }

    /** Runs one command; its exit code is the caller's to read. Secrets go in {@code stdin}, never in {@code argv}. */
    public CommandResult call(List<String> argv, byte[] stdin) throws SandboxException, InterruptedException {
        try {
            return runner.run(new Command(argv, ENVIRONMENT, null, callTimeout, stdin));
        } catch (CommandTimeoutException e) {
            throw new SandboxException("sbx did not answer within " + callTimeout.toSeconds() + " s and was stopped: " + String.join(" ", argv)
                    + ". A wedged sandbox daemon hangs every sbx call: restart it (sbx daemon restart) and run again.", e);
        } catch (IOException e) {
            throw new SandboxException("cannot run " + argv.get(0) + ": " + e.getMessage()
                    + ". Install Docker Sandboxes (the docker-sbx package) on this node, or give the path of its sbx client.", e);
        }
    }

    /**
     * Starts a long command (the agent's run) whose output streams as it comes; the caller bounds it with the
     * run's timeout and kills it past that.
     */
    public RunningCommand start(List<String> argv, OutputStream stdout, OutputStream stderr) throws SandboxException {
        try {
            // the call timeout does not bound a started command: the caller waits with the run's own
            return runner.start(new Command(argv, ENVIRONMENT, null, callTimeout, null), stdout, stderr);
        } catch (IOException e) {
            throw new SandboxException("cannot run " + argv.get(0) + ": " + e.getMessage() + ".", e);
        }
    }

    /** Runs one command that must succeed. */
    public CommandResult callOrThrow(List<String> argv, byte[] stdin) throws SandboxException, InterruptedException {
        CommandResult result = call(argv, stdin);
        if (!result.succeeded()) {
            throw new SandboxException(String.join(" ", argv) + " failed with exit code " + result.exitCode() + ": " + problem(result));
        }
        return result;
    }

    /** Signs in with a Docker token, given on standard input. */
    public void login(String user, String token) throws SandboxException, InterruptedException {
        CommandResult result = call(commands.login(user), token.getBytes(StandardCharsets.UTF_8));
        if (!result.succeeded()) {
            // the CLI may echo what it read: never repeat its output here
            throw new SandboxException("sbx login as " + user + " failed with exit code " + result.exitCode()
                    + ". Check the Docker token credential: a personal access token with at least Read scope.");
        }
    }

    /** What a failed command said: its error output, else its output, on one line. */
    static String problem(CommandResult result) {
        String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
        text = text.strip().replaceAll("\\s*\\n\\s*", " ");
        return text.isEmpty() ? "(no output)" : text.length() > 500 ? text.substring(0, 500) + " …" : text;
    }
}
