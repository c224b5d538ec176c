package io.jenkins.plugins.sbxagent.engine.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model provider's key held outside the sandbox. The agent gets a placeholder in {@code variable} and
 * the gateway's address in {@code urlVariable}; the gateway, which runs beside the egress proxy, sets
 * {@code header} to the real key on each request and forwards it to {@code upstream}, and only there.
 *
 * @param variable    the secret variable that holds the key (it never enters the sandbox)
 * @param header      the request header the provider reads the key from; {@code Authorization} gets {@code Bearer KEY}
 * @param urlVariable the variable through which the agent's client finds its API's base URL
 * @param upstream    the provider's base URL: {@code http} or {@code https}, a host name, an optional port and path
 */
public record KeyGateway(String variable, String header, String urlVariable, URI upstream) {
    /** The gateway's name on the run's internal network: Docker's DNS there answers it, and nothing outside. */
    public static final String HOST = "sbx-key-gateway";
    /** Where the first gateway listens; each further one on the next port. The egress proxy listens on the port before. */
    public static final int FIRST_PORT = 3129;

    /** What the agent sees in place of the key: clients refuse to start without one. */
    public static final String PLACEHOLDER = "sbx-agent-key-gateway-placeholder";

    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    /** Headers that say how the request travels, not who sends it: the gateway sets none of them. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "via", "forwarded", "x-forwarded-for", "proxy-authorization",
            "proxy-connection", "expect");

    public KeyGateway {
        if (!HEADER.matcher(header).matches() || TRANSPORT_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            throw new SpecException("--key-gateway", "'" + header + "' is not a header a key can travel in.",
                    "Name the header the provider reads the key from, e.g. x-api-key or Authorization.");
        }
    }

    /**
     * Reads a provider's base URL, as given in {@code field} for {@code variable}.
     *
     * @throws SpecException naming the field, for anything but {@code http(s)://host[:port][/path]}
     */
    public static URI upstream(String field, String variable, String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new SpecException(field, variable + "='" + text + "' is not a provider's base URL for the key gateway.",
                    "Write it as https://host[:port][/path], without user, query or fragment.");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    }

    public boolean tls() {
        return upstream.getScheme().equals("https");
    }

    public String host() {
        return upstream.getHost();
    }

    public int port() {
        return upstream.getPort() > 0 ? upstream.getPort() : tls() ? 443 : 80;
    }

    /** The base URL's path, which the agent's URL keeps: the gateway forwards each path as it comes. */
    public String path() {
        return upstream.getRawPath() == null ? "" : upstream.getRawPath();
    }

    /** The base URL through which the agent reaches the gateway of {@code gateways.get(index)}. */
    public static String sandboxUrl(List<KeyGateway> gateways, int index) {
        return "http://" + HOST + ":" + (FIRST_PORT + index) + gateways.get(index).path();
    }

    /** The Host header the provider expects: its name, and its port when that is not the scheme's own. */
    public String hostHeader() {
        return upstream.getPort() < 0 || port() == (tls() ? 443 : 80) ? host() : host() + ":" + port();
    }

    /** The header's value for a key: a bearer token for {@code Authorization}, the key itself otherwise. */
    public String headerValue(String key) {
        return header.equalsIgnoreCase("Authorization") ? "Bearer " + key : key;
    }

    /** What the audit records: names and the upstream, never the key. */
    public Map<String, String> description() {
        Map<String, String> description = new java.util.LinkedHashMap<>();
        description.put("variable", variable);
        description.put("header", header);
        description.put("urlVariable", urlVariable);
        description.put("upstream", upstream.toString());
        return description;
    }

    /**
     * Checks the gateways of a run against the rest of it.
     *
     * @param secrets the secret variables by name
     * @throws SpecException naming the field and the fix
     */
    static void check(List<KeyGateway> gateways, NetworkMode network, Backend backend, Map<String, String> secrets,
            Map<String, String> environment, List<AllowedHost> allowHosts) {
        if (gateways.isEmpty()) {
            return;
        }
        if (network != NetworkMode.ALLOWLIST) {
            throw new SpecException("--key-gateway", "the key gateway serves runs with network 'allowlist', not '" + network.id() + "'.",
                    "Add --network allowlist and allow the provider's host, or leave the gateway out.");
        }
        if (backend != Backend.DOCKER) {
            throw new SpecException("--key-gateway", "the key gateway is the docker backend's; docker-sbx holds the keys of the"
                    + " providers it knows in its own proxy.", "Use --backend docker, or leave the gateway out.");
        }
        Set<String> variables = new HashSet<>();
        Set<String> urlVariables = new HashSet<>();
        for (KeyGateway gateway : gateways) {
            String key = secrets.get(gateway.variable());
            if (key == null) {
                throw new SpecException("--key-gateway", gateway.variable() + " is not a bound secret.",
                        "Bind the key with --secret-env " + gateway.variable() + ".");
            }
            if (!variables.add(gateway.variable())) {
                throw new SpecException("--key-gateway", gateway.variable() + " has two gateways.", "Declare one per key.");
            }
            if (!urlVariables.add(gateway.urlVariable()) || secrets.containsKey(gateway.urlVariable())) {
                throw new SpecException("--key-gateway", gateway.urlVariable() + " would carry the address of two keys' gateways.",
                        "Bind one key per provider URL variable (e.g. CODEX_API_KEY or OPENAI_API_KEY, not both).");
            }
            if (environment.containsKey(gateway.urlVariable())) {
                throw new SpecException("--env", gateway.urlVariable() + " is set, and the key gateway sets it to its own address.",
                        "Give the provider's URL as the gateway's upstream instead.");
            }
            if (allowHosts.stream().noneMatch(allowed -> allowed.host().equals(gateway.host()) && allowed.ports().contains(gateway.port()))) {
                throw new SpecException("--allow-host", "the key gateway of " + gateway.variable() + " sends to " + gateway.host() + ":"
                        + gateway.port() + ", which is not allowed.", "Add --allow-host " + gateway.host() + ":" + gateway.port()
                        + ", or keep the key in the sandbox (--no-key-gateway).");
            }
            String value = gateway.headerValue(key);
            if (value.chars().anyMatch(c -> c < 0x20 || c > 0x7e || c == '"' || c == '\\')) {
                throw new SpecException("--key-gateway", gateway.variable() + " holds a character a header value cannot carry"
                        + " (a quote, a backslash or a non-ASCII character).", "Keep this key in the sandbox (--no-key-gateway).");
            }
        }
    }
}
