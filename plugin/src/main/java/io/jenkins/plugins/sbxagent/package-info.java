/**
 * The sbx-agent Jenkins plugin: the {@code sbxAgent} Pipeline step, the freestyle build step, the
 * credential bindings, and the review gate. Thin by design: it maps Jenkins objects to the engine's
 * and runs the engine on the node that holds the workspace.
 */
package io.jenkins.plugins.sbxagent;
