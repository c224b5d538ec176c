package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network allowlist on the real engine: test servers in containers stand in for the outside, on a
 * network of their own that only the egress proxy joins.
 */
class NetworkAllowlistITest {
    private static final String OUTSIDE = "sbx-it-outside";
    private static final String PROXY_IMAGE = RunSpec.DEFAULT_PROXY_IMAGE;
    private static String deniedAddress;

    @TempDir
    Path temp;

    @BeforeAll
    static void startTheOutside() throws Exception {
        DockerEngine.require();
        assertThat(DockerEngine.cli().imageId(PROXY_IMAGE)).as("the proxy image; run scripts/docker/build-images.sh").isPresent();
        stopTheOutside();
        DockerEngine.docker("network", "create", OUTSIDE);
        for (String name : List.of("allowed", "denied")) {
            assertThat(DockerEngine.docker("run", "-d", "--name", "sbx-it-" + name, "--network", OUTSIDE, "--network-alias", name + ".test",
                    DockerEngine.BUSYBOX, "sh", "-c", "mkdir -p /www && echo hello-" + name + " > /www/index.html && httpd -f -p 80 -h /www")
                    .succeeded()).isTrue();
        }
        deniedAddress = DockerEngine.cli().call(List.of("inspect", "--format",
                "{{(index .NetworkSettings.Networks \"" + OUTSIDE + "\").IPAddress}}", "sbx-it-denied"));
    }

    @AfterAll
    static void stopTheOutside() throws Exception {
        DockerEngine.docker("rm", "--force", "sbx-it-allowed", "sbx-it-denied");
        DockerEngine.docker("network", "rm", OUTSIDE);
    }

    private RunSpec.Builder spec(String script) throws IOException {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        return RunSpec.builder().withWorkspace(workspace).withOutputs(temp.resolve("out"))
                .withWorkRoot(Files.createDirectories(temp.resolve("work"))).withImage(DockerEngine.BUSYBOX).withTenant("tests/network")
                .withNetwork(NetworkMode.ALLOWLIST).withAllowHost("allowed.test:80").withEgressNetwork(OUTSIDE)
                .withCommand("sh", "-c", script);
    }

    private static RunResult run(RunSpec spec, DockerCli docker) throws InterruptedException {
        return new AgentRun(spec, Policy.strict(), RuleBook.shipped(), docker, RunListener.SILENT, Clock.systemUTC()).call();
    }

    @Test
    void shouldReachOnlyTheAllowedHostAndRecordEveryAttempt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getByName("0.0.0.0"))) {
            listener.setSoTimeout(200);
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = acceptEverything(listener, accepted);
            int port = listener.getLocalPort();
            String script = String.join("\n",
                    "echo allowed: $(wget -qO- http://allowed.test/ 2>&1)",
                    "wget -qO- http://denied.test/ >/dev/null 2>&1 && echo denied-reached || echo denied-refused",
                    "timeout 5 nc " + deniedAddress + " 80 </dev/null && echo direct-reached || echo direct-failed",
                    "gw=$(ip route | awk '/default/ {print $3}')",
                    "timeout 5 nc ${gw:-172.17.0.1} " + port + " </dev/null && echo host-reached || echo host-blocked",
                    "wget -qO- http://${gw:-172.17.0.1}:" + port + "/ >/dev/null 2>&1 && echo host-via-proxy-reached || echo host-via-proxy-refused",
                    "nslookup example.com >/dev/null 2>&1 && echo dns-answered || echo dns-failed",
                    "true");

            RunResult result = run(spec(script).withRunId("allowlist-1").build(), DockerEngine.cli());
            listener.close();
            acceptor.join();

            assertThat(result.outcome()).as(result.error()).isEqualTo(RunOutcome.SUCCEEDED);
            String log = Files.readString(result.outputs().resolve(RunOutputs.AGENT_LOG));
            assertThat(log).contains("allowed: hello-allowed", "denied-refused", "direct-failed", "host-blocked", "host-via-proxy-refused",
                    "dns-failed");
            assertThat(accepted).as("connections that reached the host's listener").hasValue(0);
            String network = Files.readString(result.outputs().resolve(RunOutputs.NETWORK_LOG));
            assertThat(network).contains("allowed.test:80").containsPattern("DENIED/403 GET denied.test:80");
            assertThat(result.risk().findings()).extracting(Finding::rule, Finding::path)
                    .contains(org.assertj.core.groups.Tuple.tuple("network-denied", "network.log"));
            assertThat(result.risk().findings()).filteredOn(f -> f.rule().equals("network-denied")).extracting(Finding::message)
                    .anyMatch(m -> m.contains("denied.test:80"));
            assertNothingLeft("allowlist-1");
        }
    }

    @Test
    void shouldRemoveTheProxyNetworkAndRuleWhenTheTimeoutPasses() throws Exception {
        RunResult result = run(spec("sleep 120").withRunId("allowlist-timeout")
                .withLimits(Limits.defaults().withTimeout(Duration.ofSeconds(3))).build(), DockerEngine.cli());

        assertThat(result.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertNothingLeft("allowlist-timeout");
    }

    @Test
    void shouldRemoveTheProxyNetworkAndRuleWhenTheToolIsInterrupted() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        String jar = System.getProperty("sbx.cli.jar", "target/sbx-agent.jar");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "run",
                "--workspace", workspace.toString(), "--out", temp.resolve("out").toString(), "--image", DockerEngine.BUSYBOX,
                "--run-id", "allowlist-interrupt", "--network", "allowlist", "--allow-host", "allowed.test:80", "--egress-network", OUTSIDE,
                "--", "sh", "-c", "echo started; sleep 300").redirectErrorStream(true).redirectOutput(temp.resolve("cli.log").toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(temp.resolve("cli.log")).contains("started")) {
            assertThat(System.nanoTime()).as("the agent starts; log: %s", Files.readString(temp.resolve("cli.log"))).isLessThan(deadline);
            assertThat(cli.isAlive()).as("the tool runs; log: %s", Files.readString(temp.resolve("cli.log"))).isTrue();
            Thread.sleep(100);
        }

        cli.destroy();

        assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertNothingLeft("allowlist-interrupt");
    }

    @Test
    void shouldSweepAnExpiredNetworkAndAStaleFirewallRule() throws Exception {
        String network = "sbx-agent-gc-test-net";
        String bridge = "sbx0123456789ab";
        DockerEngine.docker("network", "rm", network);
        assertThat(DockerEngine.docker("network", "create", "--internal", "--label", SandboxLabels.MANAGED + "=true", "--label",
                SandboxLabels.EXPIRES + "=1", "--label", SandboxLabels.TENANT + "=gc-net-test", network).succeeded()).isTrue();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        assertThat(runner.run(Command.of(Duration.ofSeconds(30), "iptables", "-I", "INPUT", "-i", bridge, "-j", "DROP")).succeeded()).isTrue();

        var sweep = new io.jenkins.plugins.sbxagent.engine.backend.docker.DockerReaper(DockerEngine.cli()).sweep(java.time.Instant.now(), "gc-net-test");

        assertThat(sweep.networks()).containsExactly(network);
        assertThat(runner.run(Command.of(Duration.ofSeconds(30), "iptables", "-S", "INPUT")).stdout()).doesNotContain(bridge);
    }

    @Test
    void shouldRefuseToRunWhenTheFirewallRuleCannotBeInstalled() throws Exception {
        // iptables run as an unprivileged user really fails: the run must not start with a weaker boundary
        DockerCli unprivileged = new DockerCli(unprivilegedFirewall(new ProcessCommandRunner()), "docker");

        RunResult result = run(spec("echo should-not-run").withRunId("allowlist-noroot").build(), unprivileged);

        assertThat(result.outcome()).isEqualTo(RunOutcome.SANDBOX_ERROR);
        assertThat(result.error()).contains("Cannot install the firewall rule").contains("network 'none'");
        assertThat(Files.readString(result.outputs().resolve(RunOutputs.AUDIT))).doesNotContain("should-not-run\\n");
        assertNothingLeft("allowlist-noroot");
    }

    private static void assertNothingLeft(String runId) throws Exception {
        assertThat(DockerEngine.containersOfRun(runId)).as("containers of %s", runId).isEmpty();
        String networks = DockerEngine.cli().call(List.of("network", "ls", "--filter", "label=" + SandboxLabels.RUN_ID + "=" + runId,
                "--format", "{{.Name}}"));
        assertThat(networks).as("networks of %s", runId).isEmpty();
        CommandResult rules = new ProcessCommandRunner().run(Command.of(Duration.ofSeconds(30), "iptables", "-S", "INPUT"));
        List<String> left = new ArrayList<>();
        for (String line : rules.stdout().split("\n")) {
            String[] words = line.trim().split(" ");
            if (words.length > 3 && words[2].equals("-i") && words[3].startsWith("sbx")
                    && !Files.exists(Path.of("/sys/class/net", words[3]))) {
                left.add(line);
            }
        }
        assertThat(left).as("firewall rules for removed bridges").isEmpty();
    }

    private static Thread acceptEverything(ServerSocket listener, AtomicInteger accepted) {
        Thread thread = new Thread(() -> {
            while (!listener.isClosed()) {
                try (var socket = listener.accept()) {
                    accepted.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.start();
        return thread;
    }

    /** Runs every iptables command as user nobody, through setpriv: a real refusal, as on a node without root. */
    private static CommandRunner unprivilegedFirewall(CommandRunner delegate) {
        return new RewritingRunner(delegate, command -> {
            if (!command.argv().get(0).equals("iptables")) {
                return command;
            }
            List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
            argv.addAll(command.argv());
            return new Command(argv, command.environment(), command.directory(), command.timeout(), command.stdin());
        });
    }
}
