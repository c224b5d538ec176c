package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.deliver.BranchDelivery;
import io.jenkins.plugins.sbxagent.engine.deliver.PushTarget;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.List;
import java.util.Map;

/** {@code --deliver-branch} and what goes with it. The push password comes from this tool's environment, never an argument. */
final class DeliveryOptions {
    private static final List<String> WITH_REMOTE = List.of("--push-user", "--push-password-env");

    private DeliveryOptions() {
    }

    static void declare(OptionTable table) {
        table.value("--deliver-branch", "NAME", "When the run succeeded and the gate passed, commits the change set onto new branch NAME of"
                        + " the workspace's repository, with git plumbing (its working tree and index stay untouched), and writes branch.bundle.")
                .flag("--deliver-ignored", "With --deliver-branch: commits the entries git ignores too (default: left out).")
                .value("--deliver-message", "TEXT", "With --deliver-branch: the commit's subject (default: one naming the run).");
        declarePush(table, "With --deliver-branch: pushes the new branch to REMOTE, a remote name or a URL.");
    }

    static void declarePush(OptionTable table, String remoteHelp) {
        table.value("--push-remote", "REMOTE", remoteHelp)
                .value("--push-user", "NAME", "With --push-remote: the user name git answers with.")
                .value("--push-password-env", "NAME", "With --push-remote: the password or token is in this tool's environment variable NAME.");
    }

    /** Where to push and as whom, or null without {@code --push-remote}. */
    static PushTarget push(Arguments arguments, Map<String, String> environment) {
        String remote = arguments.text("--push-remote");
        if (remote == null) {
            refuseWithout(arguments, WITH_REMOTE, "--push-remote");
            return null;
        }
        return PushTarget.to(remote).withLogin(arguments.text("--push-user"), password(arguments, environment));
    }

    /** The delivery asked for, or null. */
    static BranchDelivery delivery(Arguments arguments, Map<String, String> environment) {
        BranchDelivery delivery = BranchDelivery.asked(arguments.text("--deliver-branch"), arguments.flag("--deliver-ignored"),
                arguments.text("--deliver-message"), arguments.text("--push-remote"));
        if (delivery == null) {
            refuseWithout(arguments, WITH_REMOTE, "--push-remote");
            return null;
        }
        PushTarget push = push(arguments, environment);
        return push == null ? delivery : delivery.withPush(push);
    }

    /** The push password, which the run masks like its secrets; null when none is given. */
    static String password(Arguments arguments, Map<String, String> environment) {
        String variable = arguments.text("--push-password-env");
        if (variable == null) {
            return null;
        }
        String value = environment.get(variable);
        if (value == null || value.isEmpty()) {
            throw new SpecException("--push-password-env", variable + " is not set in this tool's environment.",
                    "Export the password or token as " + variable + " before the run.");
        }
        return value;
    }

    private static void refuseWithout(Arguments arguments, List<String> options, String needed) {
        for (String option : options) {
            if (arguments.flag(option)) {
                throw new SpecException(option, "takes effect only with " + needed + ".", "Add " + needed + ", or leave " + option + " out.");
            }
        }
    }
}
