/** The pull-request review gate: a person from a named group approves or rejects a change that needs review. */
package io.jenkins.plugins.sbxagent.gate;
