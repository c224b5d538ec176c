package io.jenkins.plugins.sbxagent.credentials;

import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import java.io.IOException;
import java.io.InputStream;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.kohsuke.stapler.DataBoundConstructor;

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
        public DescriptorImpl() {
            super(FileCredentials.class);
        }

        @Override
        public String getDisplayName() {
            return "Secret file";
        }

    }
}
