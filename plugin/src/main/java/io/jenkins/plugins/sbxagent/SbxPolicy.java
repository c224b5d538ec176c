package io.jenkins.plugins.sbxagent;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.engine.gate.Policy;
import io.jenkins.plugins.sbxagent.engine.request.PolicyFields;
import io.jenkins.plugins.sbxagent.engine.request.TextLines;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The merge gate's policy as a step, a job or the administrator sets it, e.g.
 * {@code policy: sbxPolicy(failOn: 'critical', reviewOn: 'high', protectedPaths: ['Jenkinsfile'])}. Fields
 * left empty keep what lies beneath: the administrator's default policy, then the engine's strict one.
 */
public final class SbxPolicy implements Describable<SbxPolicy>, Serializable {
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

    /** As the engine takes it. */
    public PolicyFields fields() {
        return new PolicyFields(failOn, reviewOn, unstableOn, protectedPaths, allowedPaths, maxChangedFiles, maxChangedLines);
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

    @Override
    public DescriptorImpl getDescriptor() {
        return Jenkins.get().getDescriptorByType(DescriptorImpl.class);
    }

    @Extension
    @Symbol("sbxPolicy")
    public static final class DescriptorImpl extends Descriptor<SbxPolicy> {
        private static final Policy STRICT = Policy.strict();

        @Override
        public String getDisplayName() {
            return "sbx-agent merge policy";
        }

        /** The form sends the glob lists as text, one glob per line, and an empty cap as empty text (keep the cap beneath). */
        @Override
        public SbxPolicy newInstance(StaplerRequest2 request, JSONObject form) throws FormException {
            return super.newInstance(request, FormLists.normalize(form, List.of("protectedPaths", "allowedPaths"),
                    List.of("maxChangedFiles", "maxChangedLines")));
        }

        public ListBoxModel doFillFailOnItems() {
            return severities(STRICT.failOn());
        }

        public ListBoxModel doFillReviewOnItems() {
            return severities(STRICT.reviewOn());
        }

        public ListBoxModel doFillUnstableOnItems() {
            return severities(STRICT.unstableOn());
        }

        /** A list field's entries as its text area shows them, one per line. */
        public String lines(List<String> entries) {
            return TextLines.join(entries);
        }

        /** The strict default's caps, shown where a cap is left empty. */
        public Policy getStrict() {
            return STRICT;
        }

        private static ListBoxModel severities(Severity strict) {
            List<String> ids = new ArrayList<>();
            for (Severity severity : Severity.values()) {
                ids.add(severity.id());
            }
            return FormLists.choices("(the administrator's default, else " + strict.id() + ")", ids.toArray(String[]::new));
        }
    }
}
