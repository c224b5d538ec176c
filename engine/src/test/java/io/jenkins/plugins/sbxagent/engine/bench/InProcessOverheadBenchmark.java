package io.jenkins.plugins.sbxagent.engine.bench;

import io.jenkins.plugins.sbxagent.engine.AgentRun;
import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.RunOutcome;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.StagingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): the engine's overhead in one long-lived JVM, as the Jenkins plugin runs it on an agent
 * node, next to a bare {@code docker run --rm --network none IMAGE true} measured in the same run, alternately.
 * Each sample is the whole {@link AgentRun#call()}, every phase included, from the caller's side. Run with
 * bench/engine-overhead.sh.
 *
 * <p>Arguments: workspace, work folder, outputs folder, image, runs (after as many warm-up runs).
 */
public final class InProcessOverheadBenchmark {
    private InProcessOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path workspace = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        Path outputs = Path.of(args[2]);
        String image = args[3];
        int runs = Integer.parseInt(args[4]);
        ProcessCommandRunner runner = new ProcessCommandRunner();
        DockerCli docker = new DockerCli(runner, "docker");
        List<Long> bare = new ArrayList<>();
        List<Long> engine = new ArrayList<>();
        Map<String, List<Long>> phases = new LinkedHashMap<>();
        for (int i = 0; i < 2 * runs; i++) {
            long start = System.nanoTime();
            runner.run(Command.of(Duration.ofMinutes(1), "docker", "run", "--rm", "--network", "none", image, "true")).orThrow();
            long bareMillis = (System.nanoTime() - start) / 1_000_000;

            RunSpec spec = RunSpec.builder().withWorkspace(workspace).withWorkRoot(work).withOutputs(outputs).withImage(image)
                    .withTenant("bench").withRunId("bench-" + i).withStaging(StagingMode.AUTO)
                    .withCommand("sh", "-c", "echo change >> src/pkg0000/file000000.txt").build();
            start = System.nanoTime();
            RunResult result = new AgentRun(spec, Policy.strict(), RuleBook.shipped(), docker, RunListener.SILENT, Clock.systemUTC()).call();
            long engineMillis = (System.nanoTime() - start) / 1_000_000;
            if (result.outcome() != RunOutcome.SUCCEEDED) {
                throw new IllegalStateException("run " + i + " ended " + result.outcome().id() + ": " + result.error());
            }
            if (i >= runs) {
                bare.add(bareMillis);
                engine.add(engineMillis);
                result.phaseMillis().forEach((phase, millis) -> phases.computeIfAbsent(phase, p -> new ArrayList<>()).add(millis));
            }
        }
        long baseline = median(bare);
        long total = median(engine);
        System.out.printf("baseline: docker run --rm --network none %s true: median %d ms over %d runs%n", image, baseline, runs);
        StringBuilder phaseLine = new StringBuilder();
        for (String phase : List.of("preflight", "stage", "start", "agent", "collect", "diff", "risk", "publish", "cleanup")) {
            phaseLine.append(String.format(" %s %d", phase, phases.containsKey(phase) ? median(phases.get(phase)) : 0));
        }
        System.out.printf("in process (one warm JVM, as on a Jenkins agent): median %d ms = %.2f x the bare run;%s%n", total,
                (double) total / baseline, phaseLine);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
