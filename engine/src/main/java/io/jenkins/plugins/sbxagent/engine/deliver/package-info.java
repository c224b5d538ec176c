/**
 * Delivery of a change set as a branch ({@code --deliver-branch}): one commit on a new branch of the host repository,
 * made with git plumbing and a temporary index once the gate passed, written as a bundle too, and pushed when asked.
 * The host's working tree and index are never read or written.
 */
package io.jenkins.plugins.sbxagent.engine.deliver;
