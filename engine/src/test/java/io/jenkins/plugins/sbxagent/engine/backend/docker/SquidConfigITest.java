package io.jenkins.plugins.sbxagent.engine.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.spec.AllowedHost;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The egress proxy's configuration in the real squid of the proxy image, with a DNS server of the test's own that
 * logs every query: a refused name is never looked up, so that no request, refused or not, carries data out in a
 * DNS query; and the key header, whose value holds squid's format character, arrives as it was bound.
 */
class SquidConfigITest {
    private static final String PYTHON_IMAGE = "sbx-agent/debian-agent:1";
    private static final String KEY = "sk-%s-100%-key-" + ProcessHandle.current().pid();

    private final DockerCli docker = new DockerCli(new ProcessCommandRunner(), "docker");
    private final String prefix = "sbx-it-squid-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @AfterEach
    void removeTheContainers() throws Exception {
        for (String name : List.of("-dns", "-api", "-proxy")) {
            docker.remove(List.of("rm", "--force", prefix + name));
        }
        docker.remove(List.of("network", "rm", prefix));
    }

    @Test
    void shouldNeverLookUpARefusedNameAndShouldSendTheKeyAsBound() throws Exception {
        for (String image : List.of(RunSpec.DEFAULT_PROXY_IMAGE, PYTHON_IMAGE)) {
            assertThat(docker.imageId(image)).as(image + ": run scripts/docker/build-images.sh").isPresent();
        }
        docker.call(List.of("network", "create", prefix));
        // logs each query; answers allowed.test's address with the API's, every other name with NXDOMAIN
        Path dns = script("dns.py", "import socket, struct, sys",
                "answer = socket.inet_aton(sys.argv[1])",
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "s.bind(('', 53))",
                "while True:",
                "    data, peer = s.recvfrom(512)",
                "    i, labels = 12, []",
                "    while data[i]:",
                "        labels.append(data[i + 1:i + 1 + data[i]].decode('ascii', 'replace'))",
                "        i += 1 + data[i]",
                "    name, question = '.'.join(labels), data[12:i + 5]",
                "    print('query', name, flush=True)",
                "    if name == 'allowed.test' and data[i + 1:i + 3] == b'\\x00\\x01':",
                "        reply = data[:2] + b'\\x81\\x80\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x00' + question"
                        + " + b'\\xc0\\x0c\\x00\\x01\\x00\\x01' + struct.pack('>IH', 60, 4) + answer",
                "    else:",
                "        reply = data[:2] + b'\\x81\\x83\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00' + question",
                "    s.sendto(reply, peer)");
        Path api = providerScript(false);
        docker.call(List.of("run", "-d", "--name", prefix + "-api", "--network", prefix, "--mount", bind(api, "/srv/api.py"), PYTHON_IMAGE,
                "python3", "-u", "/srv/api.py"));
        String apiAddress = address(prefix + "-api");
        docker.call(List.of("run", "-d", "--name", prefix + "-dns", "--network", prefix, "--mount", bind(dns, "/srv/dns.py"), PYTHON_IMAGE,
                "python3", "-u", "/srv/dns.py", apiAddress));
        String dnsAddress = address(prefix + "-dns");

        KeyGateway gateway = new KeyGateway("API_KEY", "x-api-key", "API_BASE_URL", KeyGateway.upstream("--env", "API_BASE_URL",
                "http://" + apiAddress + ":8080"));
        String config = SquidConfig.render(List.of(AllowedHost.parse("allowed.test:8080")), EgressProxy.PROXY_PORT, List.of(), List.of(gateway))
                // every name squid looks up goes to the test's DNS server
                + "dns_nameservers " + dnsAddress + "\n";
        startProxy(RunSpec.DEFAULT_PROXY_IMAGE, config, gateway);
        String proxy = address(prefix + "-proxy");

        Path client = script("client.py", "import socket",
                "def send(port, request):",
                "    s = socket.create_connection(('" + proxy + "', port), timeout=10)",
                "    s.sendall(request.encode())",
                "    print(port, s.recv(64).split(b'\\r\\n')[0], flush=True)",
                "send(3128, 'GET http://leak-one.refused.example/ HTTP/1.1\\r\\nHost: leak-one.refused.example\\r\\nConnection: close\\r\\n\\r\\n')",
                "send(3128, 'CONNECT leak-two.refused.example:443 HTTP/1.1\\r\\nHost: leak-two.refused.example:443\\r\\n\\r\\n')",
                "send(3128, 'GET http://allowed.test:8080/forward HTTP/1.1\\r\\nHost: allowed.test:8080\\r\\nConnection: close\\r\\n\\r\\n')",
                "send(" + KeyGateway.FIRST_PORT + ", 'GET /gateway HTTP/1.1\\r\\nHost: leak-three.refused.example\\r\\nx-api-key: placeholder"
                        + "\\r\\nConnection: close\\r\\n\\r\\n')");
        String answers = docker.call(List.of("run", "--rm", "--network", prefix, "--mount", bind(client, "/srv/client.py"), PYTHON_IMAGE,
                "python3", "/srv/client.py"));

        assertThat(answers).contains("3128 b'HTTP/1.1 403 Forbidden'").contains("3128 b'HTTP/1.1 200 OK'")
                .contains(KeyGateway.FIRST_PORT + " b'HTTP/1.1 200 OK'");
        String queries = docker.tryCall(List.of("logs", prefix + "-dns")).stdout();
        assertThat(queries).as("the allowed name is looked up, through the test's server").contains("query allowed.test")
                .doesNotContain("leak");
        String received = docker.tryCall(List.of("logs", prefix + "-api")).stdout();
        assertThat(received).contains("{\"path\": \"/forward\", \"key\": null}")
                .contains("{\"path\": \"/gateway\", \"key\": \"" + KEY + "\"}");
    }

    /**
     * Over HTTPS the gateway sends the key only to a provider whose certificate a CA of the image's vouches for:
     * squid built with OpenSSL verifies it (GnuTLS-built squid 5 did not, and would have sent the key to anyone).
     */
    @Test
    void shouldSendTheKeyOverHttpsOnlyToAProviderTheImagesCasVouchFor() throws Exception {
        for (String image : List.of(RunSpec.DEFAULT_PROXY_IMAGE, PYTHON_IMAGE)) {
            assertThat(docker.imageId(image)).as(image + ": run scripts/docker/build-images.sh").isPresent();
        }
        docker.call(List.of("network", "create", prefix));
        // a CA of the test's own, and a certificate it signs for the provider's name (openssl comes with ca-certificates)
        Path certificates = Files.createDirectories(dir.resolve("certificates"));
        Files.setPosixFilePermissions(certificates, PosixFilePermissions.fromString("rwxrwxrwx"));
        docker.call(List.of("run", "--rm", "--user", "0", "--mount", "type=bind,source=" + certificates + ",target=/out", PYTHON_IMAGE, "sh",
                "-c", "cd /out && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj '/CN=sbx-agent test CA'"
                        + " && openssl req -newkey rsa:2048 -nodes -keyout provider.key -out provider.csr -subj /CN=provider.test"
                        + " && printf 'subjectAltName=DNS:provider.test\\n' > san.cnf"
                        + " && openssl x509 -req -in provider.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out provider.crt -days 1"
                        + " -extfile san.cnf && chmod 644 *"));
        Path api = providerScript(true);
        docker.call(List.of("run", "-d", "--name", prefix + "-api", "--network", prefix, "--network-alias", "provider.test", "--mount",
                bind(api, "/srv/api.py"), "--mount", bind(certificates, "/certificates"), PYTHON_IMAGE, "python3", "-u", "/srv/api.py"));
        awaitLog(prefix + "-api", "serving", false);
        KeyGateway gateway = new KeyGateway("API_KEY", "x-api-key", "API_BASE_URL", KeyGateway.upstream("--env", "API_BASE_URL",
                "https://provider.test"));
        String config = SquidConfig.render(List.of(AllowedHost.parse("provider.test:443")), EgressProxy.PROXY_PORT, List.of(), List.of(gateway));
        Path client = script("client.py", "import socket",
                "s = socket.create_connection(('" + prefix + "-proxy', " + KeyGateway.FIRST_PORT + "), timeout=10)",
                "s.sendall(b'GET /over-tls HTTP/1.1\\r\\nHost: gateway\\r\\nConnection: close\\r\\n\\r\\n')",
                "print(s.recv(64).split(b'\\r\\n')[0], flush=True)");
        List<String> ask = List.of("run", "--rm", "--network", prefix, "--mount", bind(client, "/srv/client.py"), PYTHON_IMAGE, "python3",
                "/srv/client.py");

        startProxy(RunSpec.DEFAULT_PROXY_IMAGE, config, gateway);
        assertThat(docker.call(ask)).as("the test's CA is none of Debian's").contains("503");
        assertThat(docker.tryCall(List.of("logs", prefix + "-api")).stdout()).as("nothing, and no key, was sent").doesNotContain("over-tls");

        docker.remove(List.of("rm", "--force", prefix + "-proxy"));
        String trusting = prefix + "-trusting:1";
        Path context = Files.createDirectories(dir.resolve("image"));
        Files.copy(certificates.resolve("ca.crt"), context.resolve("ca.crt"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + RunSpec.DEFAULT_PROXY_IMAGE + "\nCOPY ca.crt /tmp/test-ca.crt\n"
                + "RUN cat /tmp/test-ca.crt >> /etc/ssl/certs/ca-certificates.crt\n");
        docker.call(List.of("build", "--quiet", "--tag", trusting, context.toString()));
        try {
            startProxy(trusting, config, gateway);
            assertThat(docker.call(ask)).contains("200 OK");
            assertThat(docker.tryCall(List.of("logs", prefix + "-api")).stdout()).contains("{\"path\": \"/over-tls\", \"key\": \"" + KEY + "\"}");
        } finally {
            docker.remove(List.of("rm", "--force", prefix + "-proxy"));
            docker.remove(List.of("rmi", "--force", trusting));
        }
    }

    /** Runs squid as the egress proxy does: its configuration read-only, the keys handed over on standard input. */
    private void startProxy(String image, String config, KeyGateway gateway) throws Exception {
        Path file = dir.resolve("squid-" + System.nanoTime() + ".conf");
        Files.writeString(file, config);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        docker.call(List.of("create", "--name", prefix + "-proxy", "--network", prefix, "--user", "proxy", "--read-only", "--tmpfs", "/tmp",
                "--tmpfs", "/var/run/squid", "--tmpfs", "/var/spool/squid", "--tmpfs", "/run/gateway:mode=0700,uid=13,gid=13", "--mount",
                bind(file, "/etc/squid/sbx-agent.conf"), image, "sh", "-c",
                "while [ ! -s " + SquidConfig.KEYS_FILE + " ]; do sleep 0.05; done; exec squid -N -f /etc/squid/sbx-agent.conf"));
        docker.call(List.of("start", prefix + "-proxy"));
        docker.call(List.of("exec", "-i", prefix + "-proxy", "sh", "-c", "cat > " + SquidConfig.KEYS_FILE),
                SquidConfig.keys(List.of(gateway), Map.of("API_KEY", KEY)).getBytes(StandardCharsets.US_ASCII));
        awaitLog(prefix + "-proxy", "Accepting HTTP Socket connections", true);
    }

    /**
     * The provider: logs each request's path and key, one JSON line; on port 8080, or over TLS on 443 with the
     * certificate in /certificates.
     */
    private Path providerScript(boolean tls) throws Exception {
        return script("api.py", "import http.server, json, ssl",
                "class Api(http.server.BaseHTTPRequestHandler):",
                "    def do_GET(self):",
                "        print(json.dumps({'path': self.path, 'key': self.headers.get('x-api-key')}), flush=True)",
                "        self.send_response(200)",
                "        self.send_header('content-length', '0')",
                "        self.end_headers()",
                "server = http.server.ThreadingHTTPServer(('', " + (tls ? 443 : 8080) + "), Api)",
                "if " + (tls ? "True" : "False") + ":",
                "    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
                "    context.load_cert_chain('/certificates/provider.crt', '/certificates/provider.key')",
                "    server.socket = context.wrap_socket(server.socket, server_side=True)",
                "print('serving', flush=True)",
                "server.serve_forever()");
    }

    private Path script(String name, String... lines) throws Exception {
        Path file = Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        return file;
    }

    private static String bind(Path file, String target) {
        return "type=bind,source=" + file + ",target=" + target + ",readonly";
    }

    private String address(String container) throws Exception {
        return docker.call(List.of("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + prefix + "\").IPAddress}}", container));
    }

    private void awaitLog(String container, String text, boolean errorOutput) throws Exception {
        for (int i = 0; i < 100; i++) {
            var logs = docker.tryCall(List.of("logs", container));
            if ((errorOutput ? logs.stderr() : logs.stdout()).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(container + " never logged: " + text + "; " + docker.tryCall(List.of("logs", container)).stderr());
    }
}
