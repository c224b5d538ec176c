package io.jenkins.plugins.sbxagent.config;

import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.FormLists;
import io.jenkins.plugins.sbxagent.SbxPolicy;
import io.jenkins.plugins.sbxagent.engine.request.HostSettings;
import io.jenkins.plugins.sbxagent.engine.request.TextLines;
import io.jenkins.plugins.sbxagent.engine.spec.Limits;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The administrator's settings (Manage Jenkins » System » sbx-agent; {@code unclassified: sbxAgent:}
 * in Configuration as Code). Every run is checked against them on the controller, by the engine,
 * before anything reaches a node.
 */
@Extension
@Symbol("sbxAgent")
public final class SbxAgentGlobalConfiguration extends GlobalConfiguration {
    /** Where users find these settings, named in refusals. */
    public static final String WHERE = "Manage Jenkins » System » sbx-agent";

    private String defaultBackend = HostSettings.DEFAULT_BACKEND;
    private String defaultImage;
    private List<String> allowedImages = new ArrayList<>();
    private String widestNetwork = HostSettings.DEFAULT_NETWORK;
    private int maxTimeoutMinutes = HostSettings.DEFAULT_MAX_TIMEOUT_MINUTES;
    private double maxCpus = HostSettings.DEFAULT_MAX_CPUS;
    private String maxMemory = HostSettings.DEFAULT_MAX_MEMORY;
    private String extraRules;
    private SbxPolicy defaultPolicy;
    private String dockerToolName;

    public SbxAgentGlobalConfiguration() {
        load();
    }

    public static SbxAgentGlobalConfiguration get() {
        return GlobalConfiguration.all().getInstance(SbxAgentGlobalConfiguration.class);
    }

    /**
     * The settings as the engine checks runs against them.
     *
     * @throws SpecException naming a setting the engine refuses (Configuration as Code can set anything)
     */
    public HostSettings hostSettings() {
        return HostSettings.of(defaultBackend, defaultImage, allowedImages, widestNetwork, maxTimeoutMinutes, maxCpus, maxMemory,
                defaultPolicy == null ? null : defaultPolicy.fields(), extraRules, WHERE);
    }

    public String getDefaultBackend() {
        return defaultBackend;
    }

    @DataBoundSetter
    public void setDefaultBackend(String defaultBackend) {
        this.defaultBackend = Util.fixEmptyAndTrim(defaultBackend) == null ? HostSettings.DEFAULT_BACKEND : defaultBackend.trim();
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
        this.allowedImages = allowedImages == null ? new ArrayList<>() : new ArrayList<>(TextLines.of(String.join("\n", allowedImages)));
        save();
    }

    public String getAllowedImagesText() {
        return TextLines.join(allowedImages);
    }

    public String getWidestNetwork() {
        return widestNetwork;
    }

    @DataBoundSetter
    public void setWidestNetwork(String widestNetwork) {
        this.widestNetwork = Util.fixEmptyAndTrim(widestNetwork) == null ? HostSettings.DEFAULT_NETWORK
                : widestNetwork.trim().toLowerCase(java.util.Locale.ROOT);
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
        this.maxMemory = Util.fixEmptyAndTrim(maxMemory) == null ? HostSettings.DEFAULT_MAX_MEMORY : maxMemory.trim();
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

    /**
     * As the default, but the allowed images come as text, one glob per line, the policy through its
     * descriptor (which turns its text into lists), and the engine checks the whole before any of it is kept.
     */
    @Override
    public boolean configure(StaplerRequest2 request, JSONObject json) throws FormException {
        List<String> images = TextLines.of(json.optString("allowedImages"));
        SbxPolicy policy = json.opt("defaultPolicy") instanceof JSONObject form
                ? Jenkins.get().getDescriptorByType(SbxPolicy.DescriptorImpl.class).newInstance(request, form) : null;
        try {
            HostSettings.of(json.optString("defaultBackend"), json.optString("defaultImage"), images, json.optString("widestNetwork"),
                    json.optInt("maxTimeoutMinutes", maxTimeoutMinutes), json.optDouble("maxCpus", maxCpus), json.optString("maxMemory"),
                    policy == null ? null : policy.fields(), json.optString("extraRules"), WHERE);
        } catch (SpecException e) {
            throw new FormException(e.getMessage(), e.field());
        }
        json.remove("allowedImages");
        json.remove("defaultPolicy");
        request.bindJSON(this, json);
        setAllowedImages(images);
        setDefaultPolicy(policy);
        return true;
    }

    @POST
    public ListBoxModel doFillDockerToolNameItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormLists.dockerTools();
    }

    @POST
    public ListBoxModel doFillWidestNetworkItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormLists.choices("(default: none)", "none", "allowlist", "open");
    }

    @POST
    public ListBoxModel doFillDefaultBackendItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormLists.choices("(default: docker)", "docker", "docker-sbx");
    }

    @POST
    public FormValidation doCheckMaxMemory(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return check(() -> Limits.parseSize("maxMemory", value));
    }

    @POST
    public FormValidation doCheckExtraRules(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Util.fixEmptyAndTrim(value) == null ? FormValidation.ok() : check(() -> HostSettings.checkRules(value));
    }

    private static FormValidation check(Runnable check) {
        try {
            check.run();
            return FormValidation.ok();
        } catch (SpecException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
