package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Docker Sandboxes backend needs on a node, checked in order before anything is made, each
 * missing part named with its fix: the {@code sbx} client in a supported version, a usable KVM, a
 * signed-in client (signing in with the Docker token credential when one is bound), and a network
 * policy set up once on the node.
 *
 * @param cli the client
 * @param kvm the KVM device, {@code /dev/kvm}
 */
public record SbxPreflight(SbxCli cli, Path kvm) {
    /** {@code policy ls --json} came in 0.42; clone mode, per-sandbox policy and {@code exec --env-file} before. */
    public static final int[] MINIMUM_VERSION = {0, 42, 0};
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern SIGN_IN = Pattern.compile("(?i)log ?in|sign ?in|signed in|unauthori[sz]ed|not authenticated");
    private static final Pattern NO_POLICY = Pattern.compile("(?i)polic.*(init|not (been )?(set|configured)|no default)|(init|choose).*polic");

    /**
     * Checks everything and returns the client's version.
     *
     * @param login a Docker user and token to sign in with when the client is not signed in, or null
     */
    public String check(DockerLogin login) throws SandboxException, InterruptedException {
        String version = version();
        checkKvm();
        CommandResult listed = cli.call(cli.commands().list(), null);
        if (!listed.succeeded() && SIGN_IN.matcher(SbxCli.problem(listed)).find()) {
            if (login == null) {
                throw new SandboxException("sbx is not signed in on this node. Bind a Docker token credential for the run (sbx-agent signs"
                        + " in with it on standard input), or sign in once on the node: sbx login.");
            }
            cli.login(login.user(), login.token());
            listed = cli.call(cli.commands().list(), null);
        }
        if (!listed.succeeded()) {
            throw new SandboxException("sbx ls failed with exit code " + listed.exitCode() + ": " + SbxCli.problem(listed)
                    + ". Check the sandbox daemon: sbx diagnose.");
        }
        CommandResult policies = cli.call(cli.commands().policies(), null);
        if (!policies.succeeded()) {
            String problem = SbxCli.problem(policies);
            if (NO_POLICY.matcher(problem).find()) {
                throw new SandboxException("no network policy is set up on this node: " + problem + ". Run once on the node: sbx policy init"
                        + " deny-all (sbx-agent then allows each run's hosts for its sandbox only).");
            }
            throw new SandboxException("sbx policy ls failed with exit code " + policies.exitCode() + ": " + problem + ".");
        }
        return version;
    }

    private String version() throws SandboxException, InterruptedException {
        CommandResult result = cli.call(cli.commands().version(), null);
        Matcher matcher = VERSION.matcher(result.stdout() + " " + result.stderr());
        if (!result.succeeded() || !matcher.find()) {
            throw new SandboxException("sbx version did not name a version (exit code " + result.exitCode() + "): " + SbxCli.problem(result)
                    + ". Install Docker Sandboxes (the docker-sbx package) on this node.");
        }
        int[] found = {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))};
        for (int i = 0; i < 3; i++) {
            if (found[i] != MINIMUM_VERSION[i]) {
                if (found[i] < MINIMUM_VERSION[i]) {
                    throw new SandboxException(String.format(Locale.ROOT, "sbx %s is older than %d.%d.%d, the oldest sbx-agent drives. Update"
                            + " Docker Sandboxes on this node.", matcher.group(), MINIMUM_VERSION[0], MINIMUM_VERSION[1], MINIMUM_VERSION[2]));
                }
                break;
            }
        }
        return matcher.group();
    }

    private void checkKvm() throws SandboxException {
        if (!Files.exists(kvm)) {
            throw new SandboxException(kvm + " is missing: Docker Sandboxes run each sandbox in a microVM, which needs KVM. Use a node with"
                    + " hardware virtualization (nested virtualization inside a VM), or the docker backend here.");
        }
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            throw new SandboxException("this user cannot use " + kvm + ". Add the user that runs the agent to the kvm group.");
        }
    }

    /**
     * A Docker account to sign in with.
     *
     * @param user  the Docker ID
     * @param token a personal access token
     */
    public record DockerLogin(String user, String token) {
        @Override
        public String toString() {
            return "DockerLogin[" + user + "]";
        }
    }
}
