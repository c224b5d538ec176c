package io.jenkins.plugins.sbxagent.credentials;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.FormLists;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import java.io.IOException;
import java.io.InputStream;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A secret file credential, shown read-only in the sandbox: {@code sbxSecretFile(credentialsId: 'npmrc', path: '.npmrc')}.
 * A relative path lies in the sandbox's home folder ({@code /tmp}), where tools look for their configuration.
 */
public final class SbxSecretFile extends SbxCredential {
    private static final long serialVersionUID = 1L;

    private final String path;

    @DataBoundConstructor
    public SbxSecretFile(String credentialsId, String path) {
        super(credentialsId);
        this.path = path;
    }

    public String getPath() {
        return path;
    }

    @Override
    protected void addTo(Run<?, ?> run, RunSecrets secrets) throws IOException {
        FileCredentials credential = lookUp(run, FileCredentials.class, "a secret file");
        try (InputStream in = credential.getContent()) {
            // one byte past the largest, so that the engine sees it is too large without reading it all
            secrets.addFile(path, in.readNBytes(RunSecrets.LARGEST_FILE + 1), getCredentialsId());
        }
    }

    @Extension
    @Symbol("sbxSecretFile")
    public static final class DescriptorImpl extends SbxCredentialDescriptor {
        @Override
        public String getDisplayName() {
            return "Secret file";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return FormLists.credentials(item, credentialsId, FileCredentials.class);
        }
    }
}
