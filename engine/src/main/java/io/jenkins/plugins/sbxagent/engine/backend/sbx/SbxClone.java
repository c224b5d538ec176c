package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Clone mode: sbx mounts a repository read-only and the agent works on a clone of it inside the VM,
 * whose commits come back through the {@code sandbox-NAME} remote sbx adds on the host. The repository
 * is a private one sbx-agent makes from the staged copy of the workspace, committing its whole
 * working state (what git does not ignore), so that the user's repository never gains a remote or a
 * ref. At the end the agent's work is committed in the VM, fetched, and laid over the staged copy, where
 * the change set is read as in any run. Git runs without hooks on both sides.
 *
 * @param repository the private repository sbx clones
 * @param copy       the staged copy of the workspace
 */
public record SbxClone(Path repository, Path copy) {
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);
    private static final List<String> QUIET_GIT = List.of("-c", "core.hooksPath=/dev/null", "-c", "user.name=sbx-agent", "-c",
            "user.email=sbx-agent@invalid", "-c", "commit.gpgSign=false");

    /** Makes the private repository: the copy's working state as one commit, checked out. */
    public static SbxClone prepare(Path copy, Path repository, CommandRunner runner) throws IOException, InterruptedException {
        git(runner, List.of("init", "-q", repository.toString()));
        // the copy's own .git is never touched: the repository indexes the copy's files from outside
        List<String> outside = List.of("--git-dir=" + repository.resolve(".git"), "--work-tree=" + copy);
        git(runner, concat(outside, List.of("add", "-A")));
        git(runner, concat(outside, QUIET_GIT, List.of("commit", "-q", "--no-verify", "--allow-empty", "-m", "sbx-agent: the workspace as staged")));
        git(runner, List.of("-C", repository.toString(), "reset", "-q", "--hard", "HEAD"));
        return new SbxClone(repository, copy);
    }

    /**
     * Commits whatever the agent left in the VM's clone, fetches it, and lays its tree over the staged copy:
     * files the agent changed, added or removed change there; what git ignores stays as it was.
     */
    public void bringBack(SbxCli cli, String sandbox, CommandRunner runner) throws IOException, InterruptedException {
        String clone = repository.toString();
        cli.callOrThrow(cli.commands().exec(sandbox, null, null, concat(List.of("git", "-C", clone), QUIET_GIT, List.of("add", "-A"))), null);
        cli.callOrThrow(cli.commands().exec(sandbox, null, null, concat(List.of("git", "-C", clone), QUIET_GIT,
                List.of("commit", "-q", "--no-verify", "--allow-empty", "-m", "sbx-agent: the agent's work"))), null);
        git(runner, List.of("-C", clone, "fetch", "-q", "sandbox-" + sandbox, "HEAD"));
        git(runner, List.of("--git-dir=" + repository.resolve(".git"), "--work-tree=" + copy, "read-tree", "-u", "--reset", "FETCH_HEAD"));
    }

    private static void git(CommandRunner runner, List<String> arguments) throws IOException, InterruptedException {
        // a fresh repository of sbx-agent's own: no system or user configuration may change what these commands do
        Command command = new Command(concat(List.of("git"), arguments), Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
                "GIT_TERMINAL_PROMPT", "0"), null, GIT_TIMEOUT, null);
        CommandResult result = runner.run(command);
        if (!result.succeeded()) {
            throw new SandboxException("git " + String.join(" ", arguments) + " failed with exit code " + result.exitCode() + ": "
                    + SbxCli.problem(result));
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
