/** The {@code docker} backend: a hardened container driven through the docker command-line client. */
package io.jenkins.plugins.sbxagent.engine.backend.docker;
