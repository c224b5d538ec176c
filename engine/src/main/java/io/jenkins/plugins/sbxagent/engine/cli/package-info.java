/** The {@code sbx-agent} command-line tool: {@code run}, {@code gate} and {@code gc}. The only place the engine prints. */
package io.jenkins.plugins.sbxagent.engine.cli;
