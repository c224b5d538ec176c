package io.jenkins.plugins.sbxagent.engine.deliver;

/**
 * Who a delivered commit says wrote and committed it.
 *
 * @param name  the name
 * @param email the address
 */
record GitIdentity(String name, String email) {
    /** An address in the {@code .invalid} domain, which no mail reaches: the commit names the run, not a person. */
    static GitIdentity of(String agent) {
        return new GitIdentity("sbx-agent (" + agent + ")", "sbx-agent@sbx-agent.invalid");
    }
}
