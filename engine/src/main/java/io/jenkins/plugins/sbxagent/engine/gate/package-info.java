/**
 * The merge gate: a pure function from a policy and a risk report to a decision (pass, review,
 * unstable, fail), with one explained item per policy rule. Applying the decision to a build is the
 * host's business.
 */
package io.jenkins.plugins.sbxagent.engine.gate;
