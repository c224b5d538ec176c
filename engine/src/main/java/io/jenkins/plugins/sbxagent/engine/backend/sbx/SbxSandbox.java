package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.RunningCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * One Docker Sandboxes microVM, made for one run: created with its network closed, opened to the
 * run's hosts only, given its service credentials through sbx's proxy, then used to run the agent.
 * {@link #close()} removes it and may be called any number of times, from any thread (an abort
 * calls it while the run waits).
 */
public final class SbxSandbox implements AutoCloseable {
    private final SbxCli cli;
    private final String name;
    private final List<String> services = new java.util.ArrayList<>();
    private boolean created;
    private boolean removed;

    public SbxSandbox(SbxCli cli, String name) {
        this.cli = cli;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Creates the sandbox on {@code workspace}. Its network is then the node's default (deny-all, set up once)
     * plus what the agent's kit allows by itself: close it with {@link #denyAll()}, or open it to the run's
     * hosts with {@link #allow(List)}.
     */
    public synchronized void create(AgentKind kind, Path workspace, boolean clone, String template, double cpus, long memoryBytes)
            throws SandboxException, InterruptedException {
        if (removed) {
            throw new SandboxException("the run was aborted before sandbox " + name + " was created");
        }
        // a create that fails halfway may still leave a sandbox: close() then tries to remove it (the name is the run's own)
        created = true;
        cli.callOrThrow(cli.commands().create(name, kind, workspace, clone, template, cpus, memoryBytes), null);
    }

    /** Closes the network entirely: for a run without an allow-list. */
    public void denyAll() throws SandboxException, InterruptedException {
        cli.callOrThrow(cli.commands().denyAll(name), null);
    }

    /** Opens the network to these hosts, for this sandbox only; the node's deny-all default holds for everything else. */
    public void allow(List<String> hostsAndPorts) throws SandboxException, InterruptedException {
        for (String host : hostsAndPorts) {
            cli.callOrThrow(cli.commands().allow(name, host), null);
        }
    }

    /**
     * Copies a file into the sandbox at an absolute path whose folder is made first, and takes its write bits
     * away. The agent has sudo inside the VM and could still change its copy: the file the run hashed in the
     * audit is the host's, and nothing comes back from the VM but the workspace.
     */
    public void put(Path source, String target) throws SandboxException, InterruptedException {
        String folder = target.substring(0, Math.max(1, target.lastIndexOf('/')));
        // as root: the targets lie outside the agent's home, e.g. under /run
        cli.callOrThrow(cli.commands().execAsRoot(name, List.of("mkdir", "-p", folder)), null);
        cli.callOrThrow(cli.commands().copyIn(name, source, target), null);
        cli.callOrThrow(cli.commands().execAsRoot(name, List.of("chmod", "a-w", target)), null);
    }

    /** Hands a service credential to sbx's proxy for this sandbox, on standard input: the VM never holds it. */
    public void secret(String service, String value) throws SandboxException, InterruptedException {
        if (services.contains(service)) {
            throw new SandboxException("two bound secrets are keys of the same service, " + service + ", for sbx's proxy. Bind one.");
        }
        services.add(service);
        CommandResult result = cli.call(cli.commands().secret(service, name), value.getBytes(StandardCharsets.UTF_8));
        if (!result.succeeded()) {
            // what the CLI printed may quote its input: not repeated
            throw new SandboxException("sbx secret set " + service + " for " + name + " failed with exit code " + result.exitCode() + ".");
        }
    }

    /**
     * Runs the command in the sandbox and streams its output until it ends or {@code timeout} passes.
     *
     * @return the exit code, or empty when the timeout passed (the command is then killed). {@code sbx exec}
     *         passes on the command's exit code, and fails with 1 itself too: a 1 is either (docs/backends.md).
     */
    public OptionalInt exec(Path envFile, String workdir, List<String> command, OutputStream stdout, OutputStream stderr, Duration timeout)
            throws IOException, InterruptedException {
        return exec(envFile, workdir, command, stdout, stderr, timeout, problem -> { });
    }

    /** As {@link #exec(Path, String, List, OutputStream, OutputStream, Duration)}, telling {@code outputCut} every way the output was cut. */
    public OptionalInt exec(Path envFile, String workdir, List<String> command, OutputStream stdout, OutputStream stderr, Duration timeout,
            java.util.function.Consumer<String> outputCut) throws IOException, InterruptedException {
        try (RunningCommand running = cli.start(cli.commands().exec(name, envFile, workdir, command), stdout, stderr)) {
            OptionalInt exit = running.waitFor(timeout);
            if (exit.isEmpty()) {
                running.kill();
            }
            running.outputProblems().forEach(outputCut);
            return exit;
        }
    }

    /**
     * Whether sbx still lists this sandbox: {@code sbx exec} fails with 1 for a sandbox that is gone, as a command may, so
     * a 1 is the agent's only while its sandbox exists.
     */
    public boolean exists() throws SandboxException, InterruptedException {
        return SbxReaper.names(cli).contains(name);
    }

    /** Removes the sandbox, its VM and its state; a sandbox that is already gone counts as removed. */
    @Override
    public synchronized void close() throws SandboxException, InterruptedException {
        if (removed) {
            return;
        }
        if (!created) {
            // an abort before create: the run finds the sandbox closed and makes none
            removed = true;
            return;
        }
        for (String service : services) {
            // best effort: the proxy's copy of the key goes with the sandbox either way
            cli.call(cli.commands().secretRemove(service, name), null);
        }
        closeCreated();
    }

    /** Removes a sandbox this object did not create, e.g. one a crashed run left. */
    void closeCreated() throws SandboxException, InterruptedException {
        CommandResult result = cli.call(cli.commands().remove(name), null);
        if (!result.succeeded() && !SbxCli.problem(result).toLowerCase(java.util.Locale.ROOT).contains("no sandbox")) {
            throw new SandboxException("could not remove sandbox " + name + ": " + SbxCli.problem(result) + "; sbx-agent gc --sbx removes it"
                    + " later");
        }
        removed = true;
    }
}
