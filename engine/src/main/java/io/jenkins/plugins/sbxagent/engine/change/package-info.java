/**
 * What the agent changed: the complete change set between the workspace before and after the run,
 * including untracked and ignored files and the inside of {@code .git}, which {@code git diff} does
 * not show. Symbolic links are recorded as links and never followed.
 */
package io.jenkins.plugins.sbxagent.engine.change;
