package io.jenkins.plugins.sbxagent.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.deliver.PushTarget;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.request.WaitingBranch;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code sbx-agent deliver}: a person's answer to a run whose gate asked for review and whose changes wait as a commit
 * ({@code --deliver-branch}): approving makes the branch (and pushes it when asked), withdrawing drops the commit.
 */
final class DeliverCommand extends ToolCommand {
    private final Map<String, String> environment;
    private final PrintStream stdout;

    DeliverCommand(Map<String, String> environment, PrintStream stdout) {
        super("deliver", "[OPTIONS]", "Makes the branch of a run's changes that awaited review, once you approve them (or withdraws them).");
        this.environment = environment;
        this.stdout = stdout;
    }

    @Override
    OptionTable options() {
        OptionTable table = new OptionTable()
                .value("--out", "DIR", "The outputs folder of the run (default: sbx-agent-out); its audit.json names the branch and commit.")
                .value("--workspace", "DIR", "The workspace the run worked on (default: .).")
                .value("--approved-by", "NAME", "Who approved, for the branch's reflog (default: the USER variable).")
                .flag("--withdraw", "Drops the waiting commit instead: no branch is made.");
        DeliveryOptions.declarePush(table, "Pushes the branch to REMOTE, a remote name or a URL, once made.");
        return table;
    }

    @Override
    int call(Arguments arguments) throws IOException, InterruptedException {
        Path outputs = arguments.path("--out", Path.of("sbx-agent-out"));
        JsonNode awaiting = awaiting(outputs);
        PushTarget push = DeliveryOptions.push(arguments, environment);
        boolean withdraw = arguments.flag("--withdraw");
        if (withdraw && push != null) {
            throw new SpecException("--withdraw", "makes no branch to push.", "Leave out --push-remote, or --withdraw.");
        }
        WaitingBranch waiting = new WaitingBranch(awaiting.path("branch").asText(), awaiting.path("commit").asText(),
                push == null ? null : push.remote());
        waiting.answer(arguments.path("--workspace", Path.of(".")), Path.of(System.getProperty("java.io.tmpdir")), !withdraw,
                arguments.text("--approved-by", environment.getOrDefault("USER", "unknown")),
                push == null ? null : new RunSecrets.PushLogin(push.username(), push.password()), stdout::println);
        return 0;
    }

    /** The run's delivery as its audit recorded it, which must be awaiting review. */
    private static JsonNode awaiting(Path outputs) throws IOException {
        Path audit = outputs.resolve(RunOutputs.AUDIT);
        if (!Files.isRegularFile(audit)) {
            throw new SpecException("--out", outputs + " holds no " + RunOutputs.AUDIT + ".", "Name the outputs folder of the run.");
        }
        JsonNode deliver = new ObjectMapper().readTree(audit.toFile()).path("deliver");
        if (!deliver.path("awaitingReview").asBoolean(false)) {
            throw new SpecException("--out", "the run in " + outputs + " has no branch awaiting review (" + (deliver.isMissingNode() ? "no --deliver-branch"
                    : deliver.isTextual() ? deliver.asText() : "made already") + ").", "Name the outputs folder of a run whose gate decided review.");
        }
        return deliver;
    }
}
