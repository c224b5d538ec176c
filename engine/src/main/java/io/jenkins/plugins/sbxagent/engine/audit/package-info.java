/** The audit record of a run: who, what, where, with which limits, and how long each phase took. */
package io.jenkins.plugins.sbxagent.engine.audit;
