/**
 * Code that runs on the agent node holding the workspace: the engine run itself, the removal of an
 * aborted run's sandbox, and the sweep of leftovers. Only plain serializable values cross the channel.
 */
package io.jenkins.plugins.sbxagent.agent;
