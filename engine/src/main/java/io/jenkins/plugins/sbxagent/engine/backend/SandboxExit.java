package io.jenkins.plugins.sbxagent.engine.backend;

/**
 * How the agent's process ended in its sandbox.
 *
 * @param exitCode  the agent's exit code
 * @param oomKilled whether the kernel killed it for memory
 * @param started   whether the sandbox ran it at all; if not, {@code error} says why
 * @param error     why it did not start
 */
public record SandboxExit(int exitCode, boolean oomKilled, boolean started, String error) {
}
