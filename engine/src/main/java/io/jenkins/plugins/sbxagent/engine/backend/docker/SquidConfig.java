package io.jenkins.plugins.sbxagent.engine.backend.docker;

import io.jenkins.plugins.sbxagent.engine.spec.AllowedHost;
import java.util.List;

/**
 * The egress proxy's configuration: first deny the host's own addresses (an allowed name must not
 * lead to a service of the node), then one allow line per allowed host and port, for plain requests
 * and CONNECT (HTTPS) alike, then deny everything else; no cache; the access log, one line per
 * request, to standard output.
 */
final class SquidConfig {
    private SquidConfig() {
    }

    /**
     * @param hosts        what may be reached
     * @param port         where the proxy listens
     * @param hostAddresses the node's own addresses, and the gateways through which containers reach it
     */
    static String render(List<AllowedHost> hosts, int port, List<String> hostAddresses) {
        StringBuilder config = new StringBuilder();
        config.append("# written by sbx-agent for one run\n");
        config.append("http_port ").append(port).append('\n');
        config.append("acl CONNECT method CONNECT\n");
        config.append("acl the_host dst 127.0.0.0/8 169.254.0.0/16 ::1 fe80::/10");
        hostAddresses.forEach(address -> config.append(' ').append(address));
        config.append('\n');
        config.append("http_access deny the_host\n");
        int index = 0;
        for (AllowedHost host : hosts) {
            for (int allowed : host.ports()) {
                config.append("acl host_").append(index).append(" dstdomain ").append(host.host()).append('\n');
                config.append("acl port_").append(index).append(" port ").append(allowed).append('\n');
                config.append("http_access allow host_").append(index).append(" port_").append(index).append('\n');
                index++;
            }
        }
        config.append("http_access deny all\n");
        config.append("logformat sbx %ts %Ss/%>Hs %rm %>rd:%>rP\n");
        config.append("access_log stdio:/dev/stdout sbx\n");
        config.append("cache_log stdio:/dev/stderr\n");
        config.append("cache deny all\n");
        config.append("pinger_enable off\n");
        config.append("pid_filename none\n");
        config.append("logfile_rotate 0\n");
        config.append("shutdown_lifetime 0 seconds\n");
        config.append("coredump_dir /tmp\n");
        return config.toString();
    }
}
