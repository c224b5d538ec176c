/**
 * {@code review.html}: one self-contained page a reviewer reads instead of seven artifacts, written
 * from the run's masked outputs, streamed, with everything an agent chose escaped.
 */
package io.jenkins.plugins.sbxagent.engine.review;
