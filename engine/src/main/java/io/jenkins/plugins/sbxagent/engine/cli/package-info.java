/** The {@code sbx-agent} command-line tool: {@code run}, {@code gc}. The only place the engine prints. */
package io.jenkins.plugins.sbxagent.engine.cli;
