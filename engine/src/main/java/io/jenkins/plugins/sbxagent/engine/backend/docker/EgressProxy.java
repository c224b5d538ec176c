package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.backend.SandboxException;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * The allow-list network of one run: an internal Docker network with a bridge of a known name, a
 * host firewall rule that drops everything the bridge sends to the host itself (an internal network
 * alone still lets containers reach the host's own addresses), and a squid proxy that joins the
 * internal network and an outbound one and lets through only the allowed host and port pairs.
 * {@link #close()} removes all three and may be called any number of times.
 *
 * <p>With key gateways, the proxy also holds the run's model keys. They reach it on the standard input
 * of a {@code docker exec}, into a memory file system of the proxy container that only its user can
 * read, and squid starts once they are there: they are in no argument, no variable, no image and no
 * file of the node.
 */
public final class EgressProxy implements AutoCloseable {
    static final int PROXY_PORT = 3128;
    private static final String CONFIG = "/etc/squid/sbx-agent.conf";
    private static final String KEYS_FOLDER = "/run/gateway";
    private static final Duration READY = Duration.ofSeconds(30);
    private static final Duration FIREWALL_TIMEOUT = Duration.ofSeconds(30);

    private final DockerCli docker;
    private final SandboxLabels labels;
    private final String network;
    private final String bridge;
    private final String proxy;
    private boolean networkCreated;
    private boolean ruleInstalled;
    private boolean proxyCreated;
    private String address;
    private List<KeyGateway> gateways = List.of();

    private EgressProxy(DockerCli docker, SandboxLabels labels) {
        this.docker = docker;
        this.labels = labels;
        this.network = labels.name() + "-net";
        this.proxy = labels.name() + "-proxy";
        this.bridge = bridgeName(labels.name());
    }

    /**
     * Makes the network, the firewall rule and the proxy, and waits until the proxy answers. On any
     * failure what was made is removed before the exception leaves.
     */
    public static EgressProxy start(DockerCli docker, SandboxLabels labels, RunSpec spec, Path privateDir)
            throws IOException, InterruptedException {
        EgressProxy egress = new EgressProxy(docker, labels);
        try {
            egress.createNetwork();
            egress.installRule();
            egress.startProxy(spec, privateDir);
            return egress;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                egress.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static final String BRIDGE_PREFIX = "sbx";
    /** The rule {@link #installRule()} adds, as {@code iptables -S} lists it. */
    private static final Pattern RULE = Pattern.compile("-A INPUT -i (" + BRIDGE_PREFIX + "[0-9a-f]{12}) -j DROP");

    /** The bridge's interface name: at most 15 characters, as Linux allows, unique per run. */
    static String bridgeName(String sandboxName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sandboxName.getBytes(StandardCharsets.UTF_8));
            return BRIDGE_PREFIX + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private void createNetwork() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("network", "create", "--internal", "--opt", "com.docker.network.bridge.name=" + bridge));
        args.addAll(labels.asArguments());
        args.add(network);
        networkCreated = true;
        docker.call(args);
    }

    private void installRule() throws IOException, InterruptedException {
        CommandResult result = docker.runner().run(Command.of(FIREWALL_TIMEOUT, "iptables", "-I", "INPUT", "-i", bridge, "-j", "DROP"));
        if (!result.succeeded()) {
            throw new SandboxException("Cannot install the firewall rule that keeps the sandbox away from this host (iptables -I INPUT -i "
                    + bridge + " -j DROP): " + result.stderr().strip() + ". Network 'allowlist' needs root (or CAP_NET_ADMIN) on the node;"
                    + " without the rule the run does not start. Use network 'none' where that cannot be given.");
        }
        ruleInstalled = true;
    }

    private void startProxy(RunSpec spec, Path privateDir) throws IOException, InterruptedException {
        gateways = spec.keyGateways();
        Path folder = Files.createDirectories(privateDir.resolve("proxy"));
        Path config = folder.resolve("squid.conf");
        Files.writeString(config, SquidConfig.render(spec.allowHosts(), PROXY_PORT, hostAddresses(spec.egressNetwork()), gateways),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("r--r--r--"));
        List<String> args = new ArrayList<>(List.of("create", "--name", proxy));
        args.addAll(labels.asArguments());
        args.addAll(List.of("--network", network, "--network-alias", KeyGateway.HOST, "--user", "proxy", "--read-only", "--cap-drop",
                "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "256", "--memory", "268435456", "--tmpfs", "/tmp:rw,nosuid,nodev,size=16777216",
                "--tmpfs", "/var/run/squid:rw,nosuid,nodev,size=1048576", "--tmpfs", "/var/spool/squid:rw,nosuid,nodev,size=1048576",
                "--mount", Mount.bind(config.toString(), CONFIG, true).argument()));
        if (!gateways.isEmpty()) {
            // Debian's proxy user (13) owns it: docker exec writes the keys as that user
            args.addAll(List.of("--tmpfs", KEYS_FOLDER + ":rw,nosuid,nodev,noexec,size=65536,mode=0700,uid=13,gid=13"));
        }
        args.addAll(List.of("--", spec.proxyImage()));
        if (!gateways.isEmpty()) {
            args.addAll(List.of("sh", "-c", "while [ ! -s " + SquidConfig.KEYS_FILE + " ]; do sleep 0.05; done; exec squid -N -f " + CONFIG));
        }
        proxyCreated = true;
        docker.call(args);
        docker.call(List.of("network", "connect", spec.egressNetwork(), proxy));
        docker.call(List.of("start", proxy));
        if (!gateways.isEmpty()) {
            handOverKeys(spec);
        }
        address = docker.call(List.of("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", proxy));
        waitUntilReady();
    }

    /** Writes the key headers into the proxy's memory, whole or not at all: squid starts when the file appears. */
    private void handOverKeys(RunSpec spec) throws IOException, InterruptedException {
        Map<String, String> keys = new LinkedHashMap<>();
        spec.secrets().forEach(secret -> keys.put(secret.name(), secret.value()));
        String partial = KEYS_FOLDER + "/.keys";
        try {
            docker.call(List.of("exec", "-i", proxy, "sh", "-c", "umask 077 && cat > " + partial + " && mv " + partial + " " + SquidConfig.KEYS_FILE),
                    SquidConfig.keys(gateways, keys).getBytes(StandardCharsets.US_ASCII));
        } catch (SandboxException e) {
            throw new SandboxException("Cannot hand the model keys to the key gateway in the egress proxy: " + e.getMessage(), e);
        }
    }

    /** This node's own addresses and the gateway of the outbound network: what an allowed name must never lead to. */
    private List<String> hostAddresses(String egressNetwork) throws IOException, InterruptedException {
        List<String> addresses = new ArrayList<>();
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address) {
                    addresses.add(address.getHostAddress());
                }
            }
        }
        String gateways = docker.call(List.of("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Gateway}} {{end}}", egressNetwork));
        for (String gateway : gateways.split("\\s+")) {
            if (!gateway.isBlank() && !addresses.contains(gateway)) {
                addresses.add(gateway);
            }
        }
        return addresses;
    }

    private void waitUntilReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            CommandResult logs = docker.tryCall(List.of("logs", proxy));
            if (logs.stderr().contains("Accepting HTTP Socket connections")) {
                return;
            }
            String state = docker.call(List.of("inspect", "--format", "{{.State.Running}}", proxy));
            if (!state.equals("true")) {
                throw new SandboxException("The egress proxy stopped before it was ready: " + tail(logs.stderr()));
            }
            Thread.sleep(200);
        }
        throw new SandboxException("The egress proxy did not become ready within " + READY.toSeconds() + " s");
    }

    private static String tail(String text) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }

    /**
     * How the sandbox joins this network: its proxy variables, DNS that resolves nothing outside, and for
     * each key gateway the placeholder key and the gateway's URL, which the agent reaches directly.
     */
    public SandboxNetwork sandboxNetwork() {
        String url = "http://" + address + ":" + PROXY_PORT;
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
            environment.put(name, url);
        }
        String direct = "localhost,127.0.0.1" + (gateways.isEmpty() ? "" : "," + KeyGateway.HOST);
        environment.put("NO_PROXY", direct);
        environment.put("no_proxy", direct);
        for (int i = 0; i < gateways.size(); i++) {
            environment.put(gateways.get(i).variable(), KeyGateway.PLACEHOLDER);
            environment.put(gateways.get(i).urlVariable(), KeyGateway.sandboxUrl(gateways, i));
        }
        // Docker's DNS still names the containers of the network; queries for outside names go nowhere
        return new SandboxNetwork(network, List.of("127.0.0.1"), environment);
    }

    /** Every request the proxy saw, allowed or denied, one per line: time, verdict, method, host:port. */
    public String accessLog() throws IOException, InterruptedException {
        return docker.tryCall(List.of("logs", proxy)).stdout();
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        if (proxyCreated) {
            String error = docker.remove(List.of("rm", "--force", "--volumes", proxy));
            if (error == null) {
                proxyCreated = false;
            } else {
                failures.add("proxy: " + error);
            }
        }
        if (networkCreated) {
            String error = docker.remove(List.of("network", "rm", network));
            if (error == null) {
                networkCreated = false;
            } else {
                failures.add("network: " + error);
            }
        }
        if (ruleInstalled) {
            if (removeRules(docker, bridge)) {
                ruleInstalled = false;
            } else {
                failures.add("firewall rule for " + bridge);
            }
        }
        if (!failures.isEmpty()) {
            throw new SandboxException("Could not remove the allow-list network of " + labels.name() + ": " + String.join("; ", failures)
                    + ". Run 'sbx-agent gc' to remove leftovers.");
        }
    }

    /** Drops the firewall rules whose bridge is gone: a run that crashed before it could remove its rule. */
    static void removeStaleRules(DockerCli docker) throws IOException, InterruptedException {
        CommandResult rules = docker.runner().run(Command.of(FIREWALL_TIMEOUT, "iptables", "-S", "INPUT"));
        if (!rules.succeeded()) {
            return; // no iptables or no right to read it: no allow-list run happened here either
        }
        for (String line : rules.stdout().split("\n")) {
            Matcher rule = RULE.matcher(line.trim());
            if (rule.matches() && !Files.exists(Path.of("/sys/class/net", rule.group(1)))) {
                removeRules(docker, rule.group(1));
            }
        }
    }

    /** Deletes every DROP rule for the bridge (a crash may have left more than one). */
    static boolean removeRules(DockerCli docker, String bridge) throws IOException, InterruptedException {
        for (int i = 0; i < 16; i++) {
            CommandResult result = docker.runner().run(Command.of(FIREWALL_TIMEOUT, "iptables", "-D", "INPUT", "-i", bridge, "-j", "DROP"));
            if (!result.succeeded()) {
                return !result.stderr().contains("Permission denied") && !result.stderr().contains("not permitted");
            }
        }
        return true;
    }
}
