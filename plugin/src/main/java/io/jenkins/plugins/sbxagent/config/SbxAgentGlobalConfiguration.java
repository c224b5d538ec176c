package io.jenkins.plugins.sbxagent.config;

import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.SbxPolicy;
import io.jenkins.plugins.sbxagent.engine.spec.AdministratorLimits;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The administrator's settings (Manage Jenkins » System » sbx-agent; {@code unclassified: sbxAgent:}
 * in Configuration as Code). Every run is checked against them on the controller before anything
 * reaches a node.
 */
@Extension
@Symbol("sbxAgent")
public class SbxAgentGlobalConfiguration extends GlobalConfiguration {
    /** Where users find these settings, named in refusals. */
    public static final String WHERE = "Manage Jenkins » System » sbx-agent";

    private String defaultBackend = "docker";
    private String defaultImage;
    private List<String> allowedImages = new ArrayList<>();
    private String widestNetwork = "none";
    private int maxTimeoutMinutes = 120;
    private double maxCpus = 4;
    private String maxMemory = "8g";
    private String extraRules;
    private SbxPolicy defaultPolicy;
    private String dockerToolName;

    public SbxAgentGlobalConfiguration() {
        load();
    }

    public static SbxAgentGlobalConfiguration get() {
        return GlobalConfiguration.all().getInstance(SbxAgentGlobalConfiguration.class);
    }

    /** The limits every run must keep. */
    public AdministratorLimits limits() {
        NetworkMode network = NetworkMode.valueOf(widestNetwork.toUpperCase(Locale.ROOT));
        return new AdministratorLimits(allowedImages, network, Duration.ofMinutes(maxTimeoutMinutes), maxCpus,
                Limits.parseSize("maxMemory", maxMemory));
    }

    public String getDefaultBackend() {
        return defaultBackend;
    }

    @DataBoundSetter
    public void setDefaultBackend(String defaultBackend) {
        this.defaultBackend = Util.fixEmptyAndTrim(defaultBackend) == null ? "docker" : defaultBackend.trim();
        save();
    }

    public String getDefaultImage() {
        return defaultImage;
    }

    @DataBoundSetter
    public void setDefaultImage(String defaultImage) {
        this.defaultImage = Util.fixEmptyAndTrim(defaultImage);
        save();
    }

    public List<String> getAllowedImages() {
        return allowedImages;
    }

    @DataBoundSetter
    public void setAllowedImages(List<String> allowedImages) {
        this.allowedImages = allowedImages == null ? new ArrayList<>()
                : new ArrayList<>(allowedImages.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        save();
    }

    public String getWidestNetwork() {
        return widestNetwork;
    }

    @DataBoundSetter
    public void setWidestNetwork(String widestNetwork) {
        this.widestNetwork = Util.fixEmptyAndTrim(widestNetwork) == null ? "none" : widestNetwork.trim().toLowerCase(Locale.ROOT);
        save();
    }

    public int getMaxTimeoutMinutes() {
        return maxTimeoutMinutes;
    }

    @DataBoundSetter
    public void setMaxTimeoutMinutes(int maxTimeoutMinutes) {
        this.maxTimeoutMinutes = maxTimeoutMinutes;
        save();
    }

    public double getMaxCpus() {
        return maxCpus;
    }

    @DataBoundSetter
    public void setMaxCpus(double maxCpus) {
        this.maxCpus = maxCpus;
        save();
    }

    public String getMaxMemory() {
        return maxMemory;
    }

    @DataBoundSetter
    public void setMaxMemory(String maxMemory) {
        this.maxMemory = Util.fixEmptyAndTrim(maxMemory) == null ? "8g" : maxMemory.trim();
        save();
    }

    public String getExtraRules() {
        return extraRules;
    }

    @DataBoundSetter
    public void setExtraRules(String extraRules) {
        this.extraRules = Util.fixEmptyAndTrim(extraRules);
        save();
    }

    public SbxPolicy getDefaultPolicy() {
        return defaultPolicy;
    }

    @DataBoundSetter
    public void setDefaultPolicy(SbxPolicy defaultPolicy) {
        this.defaultPolicy = defaultPolicy;
        save();
    }

    public String getDockerToolName() {
        return dockerToolName;
    }

    @DataBoundSetter
    public void setDockerToolName(String dockerToolName) {
        this.dockerToolName = Util.fixEmptyAndTrim(dockerToolName);
        save();
    }

    /** The allowed image globs one per line, for the form. */
    public String getAllowedImagesText() {
        return String.join("\n", allowedImages);
    }

    /** As the default, but the allowed images come from the form's text, one glob per line. */
    @Override
    public boolean configure(org.kohsuke.stapler.StaplerRequest2 request, net.sf.json.JSONObject json) throws FormException {
        Object text = json.remove("allowedImagesText");
        Object policy = json.remove("defaultPolicy");
        request.bindJSON(this, json);
        if (text != null) {
            setAllowedImages(List.of(text.toString().split("\\r?\\n")));
        }
        // through the policy's descriptor, which turns its glob text into lists (plain binding would drop them)
        setDefaultPolicy(policy instanceof net.sf.json.JSONObject form
                ? Jenkins.get().getDescriptorByType(SbxPolicy.DescriptorImpl.class).newInstance(request, form) : null);
        return true;
    }

    @POST
    public ListBoxModel doFillDockerToolNameItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return io.jenkins.plugins.sbxagent.SbxAgentBuilder.DescriptorImpl.dockerTools();
    }

    @POST
    public ListBoxModel doFillWidestNetworkItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        ListBoxModel items = new ListBoxModel();
        for (NetworkMode mode : NetworkMode.values()) {
            items.add(mode.id(), mode.id());
        }
        return items;
    }

    @POST
    public ListBoxModel doFillDefaultBackendItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        ListBoxModel items = new ListBoxModel();
        items.add("docker", "docker");
        items.add("docker-sbx", "docker-sbx");
        return items;
    }

    @POST
    public FormValidation doCheckMaxMemory(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            Limits.parseSize("maxMemory", value);
            return FormValidation.ok();
        } catch (SpecException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckExtraRules(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("sbx-agent-rules", ".yaml");
            try {
                java.nio.file.Files.writeString(file, value);
                io.jenkins.plugins.sbxagent.engine.risk.RuleBook.shipped().withOverrides(file);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            return FormValidation.ok();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
