/**
 * What crosses back: the outputs folder ({@code agent.log}, {@code changes.json}, {@code diff.patch},
 * {@code audit.json}, {@code files/}), explicit reads, and applying the changes to the workspace.
 */
package io.jenkins.plugins.sbxagent.engine.publish;
