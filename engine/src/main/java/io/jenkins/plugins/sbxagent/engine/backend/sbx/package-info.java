/**
 * The Docker Sandboxes backend ({@code docker-sbx}): the agent runs in a microVM with its own kernel,
 * driven through the {@code sbx} CLI. {@link io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCommands}
 * builds every command line (a pure function, golden-tested), {@link io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxCli}
 * runs them, each under a watchdog because the CLI has no timeout of its own, and
 * {@link io.jenkins.plugins.sbxagent.engine.backend.sbx.SbxPreflight} says what is missing before anything is made.
 */
package io.jenkins.plugins.sbxagent.engine.backend.sbx;
