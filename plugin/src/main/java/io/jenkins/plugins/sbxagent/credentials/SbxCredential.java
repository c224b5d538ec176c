package io.jenkins.plugins.sbxagent.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.FormLists;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.io.Serializable;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One credential a run binds into its sandbox. Subclasses say how (a variable, a file); all look the
 * credential up in the run's context, so folder-scoped credentials stay in their folder, and record
 * its use with {@link CredentialsProvider#track}. The engine checks names, paths and sizes.
 */
public abstract class SbxCredential implements Describable<SbxCredential>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String credentialsId;

    protected SbxCredential(String credentialsId) {
        this.credentialsId = credentialsId;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Adds this credential's values to {@code secrets}; fails naming the credential when it is missing, of another type, or refused. */
    public final void bind(Run<?, ?> run, RunSecrets secrets) throws IOException, InterruptedException {
        try {
            addTo(run, secrets);
        } catch (SpecException e) {
            throw new AbortException("sbxAgent: " + e.getMessage());
        }
    }

    /** Looks the credential up and adds its values. */
    protected abstract void addTo(Run<?, ?> run, RunSecrets secrets) throws IOException, InterruptedException;

    /** The credential with this id, of this type, as the run may use it. */
    protected <C extends IdCredentials> C lookUp(Run<?, ?> run, Class<C> type, String typeName) throws AbortException {
        if (credentialsId == null || credentialsId.isBlank()) {
            throw new AbortException("sbxAgent: credentials: a binding has no credentialsId.");
        }
        IdCredentials found = CredentialsProvider.findCredentialById(credentialsId, IdCredentials.class, run);
        if (found == null) {
            throw new AbortException("sbxAgent: credentials: no credentials with id '" + credentialsId + "' are visible to "
                    + run.getParent().getFullName() + ". Check the id, and that the credential lies in this job's folder or above.");
        }
        if (!type.isInstance(found)) {
            throw new AbortException("sbxAgent: credentials: '" + credentialsId + "' are " + found.getClass().getSimpleName() + ", where "
                    + typeName + " was expected.");
        }
        C credential = type.cast(found);
        CredentialsProvider.track(run, credential);
        return credential;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<SbxCredential> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    /** Descriptors of credential bindings: each lists the credentials of its type. */
    public abstract static class SbxCredentialDescriptor extends Descriptor<SbxCredential> {
        private final Class<? extends StandardCredentials> type;

        protected SbxCredentialDescriptor(Class<? extends StandardCredentials> type) {
            this.type = type;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return FormLists.credentials(item, credentialsId, type);
        }
    }
}
