package io.jenkins.plugins.sbxagent.engine.example;

import io.jenkins.plugins.sbxagent.engine.AgentRun;
import io.jenkins.plugins.sbxagent.engine.RunListener;
import io.jenkins.plugins.sbxagent.engine.RunOutcome;
import io.jenkins.plugins.sbxagent.engine.RunResult;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.gate.Decision;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The example of docs/api.md, which quotes it between the markers (ApiExampleTest keeps the two the same, and
 * ApiExampleITest runs it): the engine as a library, a spec built, run, and its typed result read.
 * {@code java ... ApiExample WORKSPACE OUTPUTS}
 */
public final class ApiExample {
    private ApiExample() {
    }

    public static void main(String[] args) throws Exception {
        RunResult result = run(Path.of(args[0]), Path.of(args[1]));
        System.exit(result.exitCode());
    }

    static RunResult run(Path workspace, Path outputs) throws InterruptedException {
        // example:start
        RunSpec spec = RunSpec.builder()
                .withWorkspace(workspace)                 // the agent works on a private copy of it
                .withOutputs(outputs)                     // where the diff, the risk summary and the rest go
                .withImage("sbx-agent/busybox:1")
                .withCommand("sh", "-c", "echo hello > hello.txt")
                .build();                                 // checks everything: a SpecException names the option
        RunResult result = new AgentRun(spec, Policy.strict(), RuleBook.shipped(),
                new DockerCli(new ProcessCommandRunner(), "docker"),
                RunListener.printing(System.out, System.err), Clock.systemUTC())
                .call();                                  // the sandbox is gone when it returns

        RunOutcome outcome = result.outcome();            // succeeded, agent-failed, timed-out, ...
        int agentExit = result.agentExit();
        for (Change change : result.changes()) {
            System.out.println(change.kind().id() + " " + change.path());
        }
        if (result.risk() != null) {                      // null when the run ended before its rating
            for (Finding finding : result.risk().findings()) {
                System.out.println(finding.severity().id() + " " + finding.rule() + " " + finding.path());
            }
        }
        Decision decision = result.gate() == null ? null : result.gate().decision();
        System.out.println(outcome.id() + ", agent exit " + agentExit + ", decision " + (decision == null ? "none" : decision.id())
                + ", answer " + result.finalMessage().orElse("(none)") + ", session " + result.sessionId().orElse("(none)"));
        // example:end
        return result;
    }
}
