package io.jenkins.plugins.sbxagent.model;

import hudson.model.Run;
import io.jenkins.plugins.sbxagent.agent.RunSummary;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * One sbx-agent run of a build: its decision, risk level and findings, shown on the build page and
 * on a page of its own. Everything the agent wrote is shown escaped (the views use
 * {@code escape-by-default}). Kept small: the full results are the archived artifacts.
 */
public final class SbxAgentAction implements RunAction2 {
    private final int index;
    private final String outcome;
    private final int agentExit;
    private final String decision;
    private final String level;
    private final int[] counts;
    private final List<RunSummary.FindingLine> findings;
    private final int changeCount;
    private final boolean applied;
    private final List<String> gateMessages;
    private final String artifactFolder;
    private final List<String> artifacts;
    private String approvedBy;
    private transient Run<?, ?> run;

    public SbxAgentAction(int index, RunSummary summary, String artifactFolder) {
        this.index = index;
        this.outcome = summary.outcome();
        this.agentExit = summary.agentExit();
        this.decision = summary.decision();
        this.level = summary.level();
        this.counts = summary.counts().clone();
        this.findings = new ArrayList<>(summary.findings());
        this.changeCount = summary.changeCount();
        this.applied = summary.applied();
        this.gateMessages = new ArrayList<>(summary.gateMessages());
        this.artifactFolder = artifactFolder;
        this.artifacts = new ArrayList<>(summary.files());
    }

    @Override
    public String getIconFileName() {
        return "symbol-shield-checkmark-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "sbx-agent" + (index > 1 ? " #" + index : "") + ": " + (decision == null ? outcome : decision);
    }

    @Override
    public String getUrlName() {
        return "sbx-agent" + (index > 1 ? "-" + index : "");
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** Where this run's outputs are archived, relative to the build's artifacts: {@code sbx-agent/RUN_ID}. */
    public String getArtifactFolder() {
        return artifactFolder;
    }

    public int getIndex() {
        return index;
    }

    public String getOutcome() {
        return outcome;
    }

    public int getAgentExit() {
        return agentExit;
    }

    public String getDecision() {
        return decision;
    }

    public String getLevel() {
        return level;
    }

    public int getCritical() {
        return counts[0];
    }

    public int getHigh() {
        return counts[1];
    }

    public int getMedium() {
        return counts[2];
    }

    public int getLow() {
        return counts[3];
    }

    public List<RunSummary.FindingLine> getFindings() {
        return findings;
    }

    public int getChangeCount() {
        return changeCount;
    }

    public boolean isApplied() {
        return applied;
    }

    public List<String> getGateMessages() {
        return gateMessages;
    }

    public List<String> getArtifacts() {
        return artifacts;
    }

    /** The link to one archived output, relative to the build. */
    public String artifactUrl(String name) {
        return "artifact/" + artifactFolder + "/" + name;
    }

    public boolean hasArtifact(String name) {
        return artifacts.contains(name);
    }

    public String getApprovedBy() {
        return approvedBy;
    }

    /** Records who approved a review decision; saved with the build. */
    public synchronized void recordApproval(String userId) throws java.io.IOException {
        approvedBy = userId;
        if (run != null) {
            run.save();
        }
    }

    /** The findings of one severity, for the page's table. */
    public List<RunSummary.FindingLine> findingsOf(String severity) {
        return findings.stream().filter(f -> f.getSeverity().equals(severity)).toList();
    }
}
