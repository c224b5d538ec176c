package io.jenkins.plugins.sbxagent.credentials;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A Docker account for the docker-sbx backend: {@code sbxDockerLogin(credentialsId: 'docker-token')}, a
 * username (the Docker ID) with a personal access token as its password. sbx signs in with it on standard
 * input when it is not signed in; it never enters the sandbox.
 */
public final class SbxDockerLogin extends SbxCredential {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public SbxDockerLogin(String credentialsId) {
        super(credentialsId);
    }

    @Override
    protected void addTo(Run<?, ?> run, RunSecrets secrets) throws IOException {
        StandardUsernamePasswordCredentials credential = lookUp(run, StandardUsernamePasswordCredentials.class,
                "a username with password (the Docker ID and a personal access token)");
        secrets.setDockerLogin(credential.getUsername(), credential.getPassword().getPlainText(), credential.isUsernameSecret(),
                getCredentialsId());
    }

    @Extension
    @Symbol("sbxDockerLogin")
    public static final class DescriptorImpl extends SbxCredentialDescriptor {
        public DescriptorImpl() {
            super(StandardUsernamePasswordCredentials.class);
        }

        @Override
        public String getDisplayName() {
            return "Docker account for Docker Sandboxes (docker-sbx)";
        }

    }
}
