package io.jenkins.plugins.sbxagent.agent;

import java.io.Serializable;
import java.util.List;

/**
 * What the node reports back: small, masked values only. The full results are the artifacts.
 *
 * @param outcome       how the run ended (succeeded, agent-failed, timed-out, interrupted, sandbox-error)
 * @param agentExit     the agent's exit code, or -1
 * @param decision      pass, unstable, review or fail; null when the run did not get that far
 * @param level         the highest severity found
 * @param counts        findings per severity: critical, high, medium, low
 * @param findings      the most severe findings (at most {@link #SHOWN})
 * @param changeCount   entries changed
 * @param applied       whether the changes were applied to the workspace
 * @param error         what went wrong, masked, or empty
 * @param gateMessages  one line per policy rule
 * @param outputs       the outputs folder on the node
 * @param files         the output files, relative to {@code outputs}
 */
public record RunSummary(String outcome, int agentExit, String decision, String level, int[] counts, List<FindingLine> findings,
        int changeCount, boolean applied, String error, List<String> gateMessages, String outputs, List<String> files)
        implements Serializable {
    /** Findings kept for the build page. */
    public static final int SHOWN = 200;

    /**
     * One finding, as the build page shows it. A plain class, not a record: it is kept in the build's
     * XML, and the views read it through getters.
     */
    public static final class FindingLine implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String rule;
        private final String severity;
        private final String path;
        private final int line;
        private final String message;
        private final String evidence;

        public FindingLine(String rule, String severity, String path, int line, String message, String evidence) {
            this.rule = rule;
            this.severity = severity;
            this.path = path;
            this.line = line;
            this.message = message;
            this.evidence = evidence;
        }

        public String getRule() {
            return rule;
        }

        public String getSeverity() {
            return severity;
        }

        public String getPath() {
            return path;
        }

        public int getLine() {
            return line;
        }

        public String getMessage() {
            return message;
        }

        public String getEvidence() {
            return evidence;
        }

        /** The path with its line, as people read it. */
        public String getLocation() {
            return line > 0 ? path + ":" + line : path;
        }
    }
}
