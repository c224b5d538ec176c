/** Small helpers for the text people read in messages and summaries; depends on nothing else of the engine. */
package io.jenkins.plugins.sbxagent.engine.text;
