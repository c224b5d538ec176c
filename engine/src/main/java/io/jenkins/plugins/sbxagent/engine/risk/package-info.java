/**
 * Rating what the agent changed: risk rules as versioned data ({@code risk-rules.yaml}), built-in
 * detectors for what patterns cannot say, and the findings they produce.
 */
package io.jenkins.plugins.sbxagent.engine.risk;
