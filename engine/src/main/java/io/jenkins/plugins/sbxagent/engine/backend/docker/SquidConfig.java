package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.spec.AllowedHost;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import java.util.List;
import java.util.Map;

/**
 * The egress proxy's configuration. A request for a name that is not allowed is refused before
 * anything else, without a DNS query (a query for a refused name would carry data out); then the
 * host's own addresses are refused (an allowed name must not lead to a service of the node); then one
 * allow line per allowed host and port, for plain requests and CONNECT (HTTPS) alike; everything else
 * is refused. No cache; the access log, one line per request, to standard output.
 *
 * <p>Each key gateway is a port of its own that forwards every request to its provider and nowhere
 * else, with the Host header the provider expects and the key header set. The key headers are in a
 * file of their own, {@link #KEYS_FILE}, which only the proxy container holds.
 */
final class SquidConfig {
    /** Where the key headers are: a memory file system of the proxy container, written by {@link #keys}. */
    static final String KEYS_FILE = "/run/gateway/keys.conf";

    private SquidConfig() {
    }

    /**
     * @param hosts         what may be reached
     * @param port          where the proxy listens
     * @param hostAddresses the node's own addresses, and the gateways through which containers reach it
     * @param gateways      the key gateways
     */
    static String render(List<AllowedHost> hosts, int port, List<String> hostAddresses, List<KeyGateway> gateways) {
        StringBuilder config = new StringBuilder();
        config.append("# written by sbx-agent for one run\n");
        config.append("http_port ").append(port).append('\n');
        for (int i = 0; i < gateways.size(); i++) {
            KeyGateway gateway = gateways.get(i);
            String name = "gateway" + i;
            String peer = "provider" + i;
            // no-vhost: the request's host is the provider's, never the Host the agent sent (which squid would look up)
            config.append("http_port ").append(KeyGateway.FIRST_PORT + i).append(" accel no-vhost defaultsite=").append(gateway.hostHeader())
                    .append(" name=").append(name).append('\n');
            config.append("acl ").append(name).append(" myportname ").append(name).append('\n');
            // the provider is an origin server, asked for nothing but the agent's requests; its certificate is verified
            config.append("cache_peer ").append(gateway.host()).append(" parent ").append(gateway.port())
                    .append(" 0 no-query no-digest no-netdb-exchange originserver name=").append(peer).append(gateway.tls() ? " tls" : "")
                    .append('\n');
            config.append("cache_peer_access ").append(peer).append(" allow ").append(name).append('\n');
            config.append("cache_peer_access ").append(peer).append(" deny all\n");
            config.append("never_direct allow ").append(name).append('\n');
            // the agent's own value of the key header never travels; the provider gets its own host name, whatever the agent sent
            config.append("request_header_access ").append(gateway.header()).append(" deny ").append(name).append('\n');
            config.append("request_header_access Host deny ").append(name).append('\n');
            config.append("request_header_add Host \"").append(gateway.hostHeader()).append("\" ").append(name).append('\n');
            config.append("http_access allow ").append(name).append('\n');
        }
        if (!gateways.isEmpty()) {
            config.append("include ").append(KEYS_FILE).append('\n');
        }
        config.append("acl CONNECT method CONNECT\n");
        // -n: a name is compared as written, never looked up
        config.append("acl named dstdomain -n");
        hosts.stream().map(AllowedHost::host).distinct().forEach(host -> config.append(' ').append(host));
        config.append('\n');
        config.append("http_access deny !named\n");
        config.append("acl the_host dst 127.0.0.0/8 169.254.0.0/16 ::1 fe80::/10");
        hostAddresses.forEach(address -> config.append(' ').append(address));
        config.append('\n');
        config.append("http_access deny the_host\n");
        int index = 0;
        for (AllowedHost host : hosts) {
            for (int allowed : host.ports()) {
                config.append("acl host_").append(index).append(" dstdomain -n ").append(host.host()).append('\n');
                config.append("acl port_").append(index).append(" port ").append(allowed).append('\n');
                config.append("http_access allow host_").append(index).append(" port_").append(index).append('\n');
                index++;
            }
        }
        config.append("http_access deny all\n");
        config.append("logformat sbx %ts %Ss/%>Hs %rm %>rd:%>rP\n");
        if (gateways.isEmpty()) {
            config.append("access_log stdio:/dev/stdout sbx\n");
        } else {
            // a gateway's request goes to its provider whatever host the agent named: the log says where it went
            config.append("acl gateways myportname");
            for (int i = 0; i < gateways.size(); i++) {
                config.append(" gateway").append(i);
            }
            config.append('\n');
            for (int i = 0; i < gateways.size(); i++) {
                config.append("logformat sbx_gateway").append(i).append(" %ts %Ss/%>Hs %rm ").append(gateways.get(i).host()).append(':')
                        .append(gateways.get(i).port()).append(" key-gateway\n");
                config.append("access_log stdio:/dev/stdout sbx_gateway").append(i).append(" gateway").append(i).append('\n');
            }
            config.append("access_log stdio:/dev/stdout sbx !gateways\n");
        }
        config.append("cache_log stdio:/dev/stderr\n");
        config.append("cache deny all\n");
        // an error page never carries the request, nor the proxy's name
        config.append("email_err_data off\n");
        config.append("via off\n");
        config.append("forwarded_for delete\n");
        config.append("pinger_enable off\n");
        config.append("pid_filename none\n");
        config.append("logfile_rotate 0\n");
        config.append("shutdown_lifetime 0 seconds\n");
        config.append("coredump_dir /tmp\n");
        return config.toString();
    }

    /**
     * The key headers, one line per gateway: what {@link #KEYS_FILE} holds. Squid reads {@code %} in a
     * header value as the start of a log code, so it is doubled; {@link KeyGateway} refuses the
     * characters a quoted value cannot hold.
     *
     * @param keys the keys by secret variable
     */
    static String keys(List<KeyGateway> gateways, Map<String, String> keys) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < gateways.size(); i++) {
            KeyGateway gateway = gateways.get(i);
            String value = gateway.headerValue(keys.get(gateway.variable())).replace("%", "%%");
            lines.append("request_header_add ").append(gateway.header()).append(" \"").append(value).append("\" gateway").append(i).append('\n');
        }
        return lines.toString();
    }
}
