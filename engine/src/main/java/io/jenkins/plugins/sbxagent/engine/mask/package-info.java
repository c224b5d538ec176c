/**
 * Masking secret values, in every encoding an agent might print them in, out of streams as they
 * pass: the agent log, the diff and every artifact.
 */
package io.jenkins.plugins.sbxagent.engine.mask;
