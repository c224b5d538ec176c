/**
 * Starting host processes: the one place in the engine that may do so. Everything else asks a
 * {@link io.jenkins.plugins.sbxagent.engine.process.CommandRunner}, so that a host (a Jenkins agent,
 * a test) decides how processes start and every command has a timeout.
 */
package io.jenkins.plugins.sbxagent.engine.process;
