/**
 * Making the workspace the sandbox sees: a copy-on-write overlay, a host-side copy, or (explicitly)
 * the host workspace itself; and reading back what changed.
 */
package io.jenkins.plugins.sbxagent.engine.stage;
