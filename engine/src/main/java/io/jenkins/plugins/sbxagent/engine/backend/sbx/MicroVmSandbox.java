package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.backend.Sandbox;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxExit;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLaunch;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A run's Docker Sandboxes microVM on its private copy of the workspace; in clone mode the agent works on a clone
 * inside the VM, and its work is fetched back before the sandbox goes.
 */
final class MicroVmSandbox implements Sandbox {
    private final SbxSandbox box;
    private final SbxCli cli;
    private final CommandRunner runner;
    private final SandboxLaunch launch;
    private volatile SbxClone clone;
    private volatile String workdir;
    private volatile Path envFile;

    MicroVmSandbox(SbxSandbox box, SbxCli cli, CommandRunner runner, SandboxLaunch launch) {
        this.box = box;
        this.cli = cli;
        this.runner = runner;
        this.launch = launch;
    }

    SbxSandbox box() {
        return box;
    }

    /** What the VM works on: the staged copy, or (clone mode) a clone of the private repository made from it. */
    void workOn(SbxClone repository, String folder, Path variables) {
        this.clone = repository;
        this.workdir = folder;
        this.envFile = variables;
    }

    @Override
    public OptionalInt run(OutputStream stdout, OutputStream stderr, Duration timeout, Consumer<String> outputCut)
            throws IOException, InterruptedException {
        try {
            return box.exec(envFile, workdir, launch.spec().command(), stdout, stderr, timeout, outputCut);
        } finally {
            if (envFile != null) {
                Files.deleteIfExists(envFile);
            }
        }
    }

    @Override
    public void stop() throws IOException, InterruptedException {
        box.close();
    }

    @Override
    public SandboxExit exit(int clientExit, boolean stoppedByEngine) throws IOException, InterruptedException {
        // sbx exec passes the command's exit code on, and fails with 1 itself too: a 1 is the agent's only while
        // its sandbox exists. The VM reports no out-of-memory kill.
        if (clientExit == 1 && !stoppedByEngine && !box.exists()) {
            return new SandboxExit(clientExit, false, false, "sbx exec failed and sandbox " + box.name() + " no longer exists: sbx's"
                    + " own failure, not the agent's");
        }
        return new SandboxExit(clientExit, false, true, "");
    }

    /**
     * Clone mode: the agent's work lives in the VM until it is fetched, which needs the sandbox; a run the budget or an
     * abort stopped has lost its sandbox, and with it that work. Then the paths the VM was not shown are checked: what
     * the agent wrote there is dropped, and said so.
     */
    @Override
    public void remove() throws IOException, InterruptedException {
        if (clone != null && box.exists()) {
            clone.bringBack(cli, box.name(), runner);
            launch.message("the agent's commits fetched from " + box.name());
        }
        box.close();
        Path copy = launch.staged().source().folder();
        List<String> written = launch.spec().hiddenPaths().stream()
                .filter(path -> Files.exists(copy.resolve(path), LinkOption.NOFOLLOW_LINKS)).toList();
        if (!written.isEmpty()) {
            launch.audit().put("hiddenWritten", written);
            launch.message("the agent wrote " + written + ", which it was not shown; dropped, not applied");
        }
    }

    /** Also deletes the variables file, which a run aborted before its agent started never read. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            box.close();
        } finally {
            if (envFile != null) {
                Files.deleteIfExists(envFile);
            }
        }
    }
}
