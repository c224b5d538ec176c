package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxReaper;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.stage.StaleFolders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code sbx-agent gc}: removes expired sandboxes that crashed runs left behind. */
final class GcCommand extends ToolCommand {
    private final PrintStream stdout;

    GcCommand(PrintStream stdout) {
        super("gc", "[OPTIONS]", "Removes expired sandbox containers and volumes left by crashed runs.");
        this.stdout = stdout;
    }

    @Override
    OptionTable options() {
        return new OptionTable()
                .value("--tenant", "NAME", "Only this tenant's leftovers (default: every tenant's).")
                .value("--docker", "PATH", "The docker client (default: docker on the PATH).")
                .value("--sbx", "PATH", "Also removes Docker Sandboxes left by crashed docker-sbx runs older than a day, through this sbx client.")
                .value("--work-dir", "DIR", "Where runs stage (default: the system temp folder); private folders older than a day there are"
                        + " removed.");
    }

    @Override
    int call(Arguments arguments) throws IOException, InterruptedException {
        DockerCli docker = new DockerCli(new ProcessCommandRunner(), arguments.text("--docker", "docker"));
        docker.serverVersion();
        DockerReaper.Sweep sweep = new DockerReaper(docker).sweep(Instant.now(), arguments.text("--tenant"));
        sweep.containers().forEach(name -> stdout.println("removed container " + name));
        sweep.volumes().forEach(name -> stdout.println("removed volume " + name));
        sweep.networks().forEach(name -> stdout.println("removed network " + name));
        // a run lasts at most a day (the longest timeout): an older private folder is a crash's leftover
        Path workDir = arguments.path("--work-dir", Path.of(System.getProperty("java.io.tmpdir")));
        List<Path> folders = StaleFolders.remove(workDir, Instant.now().minus(Duration.ofHours(25)), new ProcessCommandRunner());
        folders.forEach(folder -> stdout.println("removed folder " + folder));
        String sbxExecutable = arguments.text("--sbx");
        if (sbxExecutable != null) {
            // sbx labels nothing: sbx-agent's sandboxes are known by their name, and a run lasts at most a day
            SbxCli sbx = new SbxCli(new ProcessCommandRunner(), sbxExecutable, SbxCli.DEFAULT_CALL_TIMEOUT);
            new SbxReaper(sbx).removeCreatedBefore(Instant.now().minus(SbxReaper.STALE_AFTER))
                    .forEach(name -> stdout.println("removed sbx sandbox " + name));
        }
        stdout.println("gc: " + sweep.containers().size() + " containers, " + sweep.volumes().size() + " volumes, " + folders.size()
                + " staging folders removed");
        return 0;
    }
}
