package io.jenkins.plugins.sbxagent.engine.spec;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host the sandbox may reach through the egress proxy, with one port, or 80 and 443 when none is
 * given. Names only: an address would let a run reach the host's own services or its neighbours.
 *
 * @param host the host name, lower case
 * @param port the port, or 0 for 80 and 443
 */
public record AllowedHost(String host, int port) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** Parses {@code HOST} or {@code HOST:PORT}. */
    public static AllowedHost parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? value : value.substring(0, colon);
        int port = 0;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new SpecException("--allow-host", "'" + text + "' has no valid port.", "Write HOST or HOST:PORT, e.g. api.anthropic.com:443.");
            }
        }
        if (!NAME.matcher(host).matches() || host.length() > 253) {
            throw new SpecException("--allow-host", "'" + text + "' is not a host name.", "Write a name such as api.anthropic.com.");
        }
        if (host.matches("[0-9.]+") || host.equals("localhost") || host.endsWith(".localhost")) {
            throw new SpecException("--allow-host", "'" + text + "' is an address or loopback.",
                    "Allow names of outside services only; the host's own addresses are never reachable from the sandbox.");
        }
        return new AllowedHost(host, port);
    }

    /** The ports this entry allows. */
    public List<Integer> ports() {
        return port == 0 ? List.of(80, 443) : List.of(port);
    }

    @Override
    public String toString() {
        return port == 0 ? host : host + ":" + port;
    }
}
