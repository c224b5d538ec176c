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
 * The session of an earlier {@code sbxAgent} run of the same build that a step continues, e.g.
 * {@code resumeSession: sbxSession(id: plan.sessionId)}, or {@code sbxSession()} for the build's latest session: one
 * conversation across steps, each with its own change set and gate. The session crosses as that run archived it; the engine checks it again on the node.
 */
public final class SbxSession implements Describable<SbxSession>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private boolean fork;

    @DataBoundConstructor
    public SbxSession(String id) {
        this.id = Util.fixEmptyAndTrim(id);
    }

    /** Adds these fields to the engine's request; without an id, the session continued is {@code lastSession}, the build's latest. */
    void addTo(RunRequest.Builder request, String lastSession) {
        request.resumeSession(id != null ? id : lastSession).forkSession(fork);
    }

    public String getId() {
        return id;
    }

    public boolean isFork() {
        return fork;
    }

    @DataBoundSetter
    public void setFork(boolean fork) {
        this.fork = fork;
    }

    @Override
    public DescriptorImpl getDescriptor() {
        return Jenkins.get().getDescriptorByType(DescriptorImpl.class);
    }

    @Extension
    @Symbol("sbxSession")
    public static final class DescriptorImpl extends Descriptor<SbxSession> {
        @Override
        public String getDisplayName() {
            return "sbx-agent session to continue";
        }
    }
}
