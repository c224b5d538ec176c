package io.jenkins.plugins.sbxagent.credentials;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.ListBoxModel;
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
    /** Secret files are configuration, not data. */
    static final int LARGEST = 1 << 20;

    private final String path;

    @DataBoundConstructor
    public SbxSecretFile(String credentialsId, String path) {
        super(credentialsId);
        this.path = path;
    }

    public String getPath() {
        return path;
    }

    /** Where the sandbox sees the file. */
    String target() {
        return path.startsWith("/") ? path : "/tmp/" + path;
    }

    @Override
    public void bind(Run<?, ?> run, BoundSecrets secrets) throws IOException {
        if (path == null || path.isBlank() || path.contains("..") || path.endsWith("/")) {
            throw new AbortException("sbxAgent: sbxSecretFile for '" + getCredentialsId() + "' needs a file path such as .npmrc or "
                    + "/home/agent/.config/tool.json, got '" + path + "'.");
        }
        FileCredentials credential = lookUp(run, FileCredentials.class, "a secret file");
        try (InputStream in = credential.getContent()) {
            byte[] content = in.readNBytes(LARGEST + 1);
            if (content.length > LARGEST) {
                throw new AbortException("sbxAgent: secret file '" + getCredentialsId() + "' is larger than 1 MiB.");
            }
            secrets.addFile(target(), content);
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
            return SbxSecretEnv.CredentialItems.fill(item, credentialsId, FileCredentials.class);
        }
    }
}
