/**
 * Sessions that continue across runs (Claude Code, Codex, OpenCode). A known agent's session state is data the agent wrote: it crosses back as an
 * artifact ({@code session/}, masked, hashed in a manifest and the audit) and into a later sandbox only when a run asks
 * to resume or fork it, checked again on the way in and never read from the repository.
 */
package io.jenkins.plugins.sbxagent.engine.session;
