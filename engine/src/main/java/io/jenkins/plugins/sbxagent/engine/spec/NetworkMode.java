package io.jenkins.plugins.sbxagent.engine.spec;

/** What the sandbox may reach on the network. */
public enum NetworkMode {
    /** Loopback only: the default. */
    NONE,
    /**
     * Only the allowed hosts, over HTTP(S) through an egress proxy on a network of the run's own; no
     * DNS to the outside, no route to the host.
     */
    ALLOWLIST,
    /** Docker's default bridge with outbound NAT: anything the host reaches. Must be asked for, and is audited. */
    OPEN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
