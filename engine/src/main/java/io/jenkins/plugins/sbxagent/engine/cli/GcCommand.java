package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli;
import io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxReaper;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.stage.StaleFolders;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sbx-agent gc}: removes expired sandboxes that crashed runs left behind. */
@Command(name = "gc", description = "Removes expired sandbox containers and volumes left by crashed runs.", mixinStandardHelpOptions = true)
final class GcCommand implements Callable<Integer> {
    @Option(names = "--tenant", description = "Only this tenant's leftovers (default: every tenant's).")
    String tenant;

    @Option(names = "--docker", description = "The docker client (default: docker on the PATH).")
    String dockerExecutable = "docker";

    @Option(names = "--sbx", paramLabel = "PATH", description = "Also removes Docker Sandboxes left by crashed docker-sbx runs older than a day,"
            + " through this sbx client.")
    String sbxExecutable;

    @Option(names = "--work-dir", description = "Where runs stage (default: the system temp folder); private folders older than a day there are removed.")
    java.nio.file.Path workDir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));

    @Override
    public Integer call() throws Exception {
        DockerCli docker = new DockerCli(new ProcessCommandRunner(), dockerExecutable);
        docker.serverVersion();
        DockerReaper.Sweep sweep = new DockerReaper(docker).sweep(Instant.now(), tenant);
        sweep.containers().forEach(name -> System.out.println("removed container " + name));
        sweep.volumes().forEach(name -> System.out.println("removed volume " + name));
        sweep.networks().forEach(name -> System.out.println("removed network " + name));
        // a run lasts at most a day (the longest timeout): an older private folder is a crash's leftover
        java.util.List<java.nio.file.Path> folders = StaleFolders.remove(workDir, Instant.now().minus(java.time.Duration.ofHours(25)),
                new ProcessCommandRunner());
        folders.forEach(folder -> System.out.println("removed folder " + folder));
        if (sbxExecutable != null) {
            // sbx labels nothing: sbx-agent's sandboxes are known by their name, and a run lasts at most a day
            SbxCli sbx = new SbxCli(new ProcessCommandRunner(), sbxExecutable, SbxCli.DEFAULT_CALL_TIMEOUT);
            new SbxReaper(sbx).removeCreatedBefore(Instant.now().minus(SbxReaper.STALE_AFTER))
                    .forEach(name -> System.out.println("removed sbx sandbox " + name));
        }
        System.out.println("gc: " + sweep.containers().size() + " containers, " + sweep.volumes().size() + " volumes, " + folders.size()
                + " staging folders removed");
        return 0;
    }
}
