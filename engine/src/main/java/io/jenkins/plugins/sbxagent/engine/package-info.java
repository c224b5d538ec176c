/**
 * The sbx-agent engine: runs an untrusted coding agent in a sandbox and reports what it did. Data
 * flows one way: spec → sandbox → run → changes → artifacts. {@link io.jenkins.plugins.sbxagent.engine.AgentRun}
 * is the only class that knows the order.
 */
package io.jenkins.plugins.sbxagent.engine;
