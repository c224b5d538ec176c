package io.jenkins.plugins.sbxagent.credentials;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The account git answers with when the step pushes the branch it delivered:
 * {@code sbxGitPush(credentialsId: 'github-token')}, a username with a password or token. git reads it
 * from an askpass program's environment on the node; it never enters the sandbox.
 */
public final class SbxGitPush extends SbxCredential {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public SbxGitPush(String credentialsId) {
        super(credentialsId);
    }

    @Override
    protected void addTo(Run<?, ?> run, RunSecrets secrets) throws IOException {
        StandardUsernamePasswordCredentials credential = lookUp(run, StandardUsernamePasswordCredentials.class,
                "a username with password (or token) for the git remote");
        secrets.setPushLogin(credential.getUsername(), credential.getPassword().getPlainText(), getCredentialsId());
    }

    @Extension
    @Symbol("sbxGitPush")
    public static final class DescriptorImpl extends SbxCredentialDescriptor {
        public DescriptorImpl() {
            super(StandardUsernamePasswordCredentials.class);
        }

        @Override
        public String getDisplayName() {
            return "Git account to push the delivered branch with";
        }
    }
}
