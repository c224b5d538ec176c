/**
 * Small helpers for text: what people read in messages and summaries, and JSON read and written without an
 * {@code ObjectMapper}. Depends on nothing else of the engine.
 */
package io.jenkins.plugins.sbxagent.engine.text;
