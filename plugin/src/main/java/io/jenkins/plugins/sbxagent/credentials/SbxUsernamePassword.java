package io.jenkins.plugins.sbxagent.credentials;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A username and password credential as two variables:
 * {@code sbxUsernamePassword(credentialsId: 'registry', usernameVariable: 'USER', passwordVariable: 'PASS')}.
 * The username is masked too when the credential marks it secret.
 */
public final class SbxUsernamePassword extends SbxCredential {
    private static final long serialVersionUID = 1L;

    private final String usernameVariable;
    private final String passwordVariable;

    @DataBoundConstructor
    public SbxUsernamePassword(String credentialsId, String usernameVariable, String passwordVariable) {
        super(credentialsId);
        this.usernameVariable = usernameVariable;
        this.passwordVariable = passwordVariable;
    }

    public String getUsernameVariable() {
        return usernameVariable;
    }

    public String getPasswordVariable() {
        return passwordVariable;
    }

    @Override
    protected void addTo(Run<?, ?> run, RunSecrets secrets) throws IOException {
        StandardUsernamePasswordCredentials credential = lookUp(run, StandardUsernamePasswordCredentials.class, "a username with password");
        secrets.addVariable(passwordVariable, credential.getPassword().getPlainText(), getCredentialsId());
        if (credential.isUsernameSecret()) {
            secrets.addVariable(usernameVariable, credential.getUsername(), getCredentialsId());
        } else {
            secrets.addPlainVariable(usernameVariable, credential.getUsername(), getCredentialsId());
        }
    }

    @Extension
    @Symbol("sbxUsernamePassword")
    public static final class DescriptorImpl extends SbxCredentialDescriptor {
        public DescriptorImpl() {
            super(StandardUsernamePasswordCredentials.class);
        }

        @Override
        public String getDisplayName() {
            return "Username and password as two environment variables";
        }


        @POST
        public FormValidation doCheckUsernameVariable(@AncestorInPath Item item, @QueryParameter String value) {
            return SbxSecretEnv.variableName(item, value);
        }

        @POST
        public FormValidation doCheckPasswordVariable(@AncestorInPath Item item, @QueryParameter String value) {
            return SbxSecretEnv.variableName(item, value);
        }
    }
}
