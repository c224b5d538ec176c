/**
 * Sandbox backends: where the agent runs. Every resource a backend makes carries the labels of
 * {@link io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels}, so that a reaper can find what a
 * crashed run left behind.
 */
package io.jenkins.plugins.sbxagent.engine.backend;
