/** The credentials a run binds into its sandbox: named one by one, looked up in the run's context, never stored. */
package io.jenkins.plugins.sbxagent.credentials;
