/**
 * What a run is asked to do, as immutable values checked before anything starts: the workspace, the
 * command, what crosses into the sandbox, limits and hardening. Bad input fails here, naming the
 * field and the fix, before the workspace or the Docker engine is touched.
 */
package io.jenkins.plugins.sbxagent.engine.spec;
