package io.jenkins.plugins.sbxagent;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.sbxagent.engine.request.RunRequest;
import java.io.Serializable;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The branch a step delivers its changes as once the gate passes, e.g.
 * {@code deliver: sbxBranch(name: 'sbx/fix-42', pushRemote: 'origin')}; the push credential is an
 * {@code sbxGitPush} binding among the step's credentials. The engine checks every field.
 */
public final class SbxBranch implements Describable<SbxBranch>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private boolean ignored;
    private String message;
    private String pushRemote;

    @DataBoundConstructor
    public SbxBranch(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    /** Adds these fields to the engine's request. */
    void addTo(RunRequest.Builder request) {
        request.deliverBranch(name).deliverIgnored(ignored).deliverMessage(message).pushRemote(pushRemote);
    }

    public String getName() {
        return name;
    }

    public boolean isIgnored() {
        return ignored;
    }

    @DataBoundSetter
    public void setIgnored(boolean ignored) {
        this.ignored = ignored;
    }

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixEmptyAndTrim(message);
    }

    public String getPushRemote() {
        return pushRemote;
    }

    @DataBoundSetter
    public void setPushRemote(String pushRemote) {
        this.pushRemote = Util.fixEmptyAndTrim(pushRemote);
    }

    @Override
    public DescriptorImpl getDescriptor() {
        return Jenkins.get().getDescriptorByType(DescriptorImpl.class);
    }

    @Extension
    @Symbol("sbxBranch")
    public static final class DescriptorImpl extends Descriptor<SbxBranch> {
        @Override
        public String getDisplayName() {
            return "sbx-agent branch delivery";
        }
    }
}
