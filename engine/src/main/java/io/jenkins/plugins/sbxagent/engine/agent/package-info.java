/**
 * The coding agents: each one's headless command line, and the reading of its JSON event stream
 * into what it did (turns, tokens, cost, its last message, whether it reported an error).
 */
package io.jenkins.plugins.sbxagent.engine.agent;
