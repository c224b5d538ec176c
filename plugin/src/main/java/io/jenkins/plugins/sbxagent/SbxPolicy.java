package io.jenkins.plugins.sbxagent;

import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The merge gate's policy as a step or job sets it, e.g.
 * {@code policy: [failOn: 'critical', reviewOn: 'high', protectedPaths: ['Jenkinsfile']]}. Fields left
 * empty keep the engine's strict default.
 */
public final class SbxPolicy extends AbstractDescribableImpl<SbxPolicy> implements Serializable {
    private static final long serialVersionUID = 1L;

    private String failOn;
    private String reviewOn;
    private String unstableOn;
    private List<String> protectedPaths = new ArrayList<>();
    private List<String> allowedPaths = new ArrayList<>();
    private Integer maxChangedFiles;
    private Integer maxChangedLines;

    @DataBoundConstructor
    public SbxPolicy() {
    }

    public String getFailOn() {
        return failOn;
    }

    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = Util.fixEmptyAndTrim(failOn);
    }

    public String getReviewOn() {
        return reviewOn;
    }

    @DataBoundSetter
    public void setReviewOn(String reviewOn) {
        this.reviewOn = Util.fixEmptyAndTrim(reviewOn);
    }

    public String getUnstableOn() {
        return unstableOn;
    }

    @DataBoundSetter
    public void setUnstableOn(String unstableOn) {
        this.unstableOn = Util.fixEmptyAndTrim(unstableOn);
    }

    public List<String> getProtectedPaths() {
        return protectedPaths;
    }

    @DataBoundSetter
    public void setProtectedPaths(List<String> protectedPaths) {
        this.protectedPaths = protectedPaths == null ? new ArrayList<>() : new ArrayList<>(protectedPaths);
    }

    public List<String> getAllowedPaths() {
        return allowedPaths;
    }

    @DataBoundSetter
    public void setAllowedPaths(List<String> allowedPaths) {
        this.allowedPaths = allowedPaths == null ? new ArrayList<>() : new ArrayList<>(allowedPaths);
    }

    public Integer getMaxChangedFiles() {
        return maxChangedFiles;
    }

    @DataBoundSetter
    public void setMaxChangedFiles(Integer maxChangedFiles) {
        this.maxChangedFiles = maxChangedFiles;
    }

    public Integer getMaxChangedLines() {
        return maxChangedLines;
    }

    @DataBoundSetter
    public void setMaxChangedLines(Integer maxChangedLines) {
        this.maxChangedLines = maxChangedLines;
    }

    /** The protected globs one per line, for the job form. */
    public String getProtectedPathsText() {
        return String.join("\n", protectedPaths);
    }

    /** The allowed globs one per line, for the job form. */
    public String getAllowedPathsText() {
        return String.join("\n", allowedPaths);
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\r?\\n")) {
                if (!line.isBlank()) {
                    lines.add(line.trim());
                }
            }
        }
        return lines;
    }

    /** This policy laid over {@code base}: what is set here wins; path lists add to the base's. */
    public Policy applyTo(Policy base) {
        return base.overlay(severity("policy.failOn", failOn), severity("policy.reviewOn", reviewOn),
                severity("policy.unstableOn", unstableOn), protectedPaths, allowedPaths, maxChangedFiles,
                maxChangedLines == null ? null : maxChangedLines.longValue());
    }

    private static Severity severity(String field, String text) {
        return text == null ? null : Severity.parse(field, text);
    }

    @Extension
    @Symbol("sbxPolicy")
    public static final class DescriptorImpl extends Descriptor<SbxPolicy> {
        @Override
        public String getDisplayName() {
            return "sbx-agent merge policy";
        }

        /**
         * The job form sends the glob lists as text, one glob per line (a list of strings has no form
         * control of its own); Pipeline and Configuration as Code set the lists directly.
         */
        @Override
        public SbxPolicy newInstance(org.kohsuke.stapler.StaplerRequest2 request, net.sf.json.JSONObject form) throws FormException {
            net.sf.json.JSONObject data = net.sf.json.JSONObject.fromObject(form);
            for (String cap : new String[] {"maxChangedFiles", "maxChangedLines"}) {
                // an empty field keeps the default cap; 0 would switch the cap off
                if (data.has(cap) && data.optString(cap).isBlank()) {
                    data.remove(cap);
                }
            }
            Object protectedText = data.remove("protectedPathsText");
            Object allowedText = data.remove("allowedPathsText");
            SbxPolicy policy = super.newInstance(request, data);
            if (protectedText != null) {
                policy.setProtectedPaths(lines(protectedText.toString()));
            }
            if (allowedText != null) {
                policy.setAllowedPaths(lines(allowedText.toString()));
            }
            return policy;
        }

        public ListBoxModel doFillFailOnItems() {
            return severities();
        }

        public ListBoxModel doFillReviewOnItems() {
            return severities();
        }

        public ListBoxModel doFillUnstableOnItems() {
            return severities();
        }

        static ListBoxModel severities() {
            ListBoxModel items = new ListBoxModel();
            items.add("(default)", "");
            for (Severity severity : Severity.values()) {
                items.add(severity.id(), severity.id());
            }
            return items;
        }
    }
}
