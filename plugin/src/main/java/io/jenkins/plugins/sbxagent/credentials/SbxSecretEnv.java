package io.jenkins.plugins.sbxagent.credentials;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A secret text credential, passed into the sandbox as an environment variable: {@code sbxSecretEnv(credentialsId: 'key', variable: 'API_KEY')}. */
public final class SbxSecretEnv extends SbxCredential {
    private static final long serialVersionUID = 1L;

    private final String variable;

    @DataBoundConstructor
    public SbxSecretEnv(String credentialsId, String variable) {
        super(credentialsId);
        this.variable = variable;
    }

    public String getVariable() {
        return variable;
    }

    @Override
    protected void addTo(Run<?, ?> run, RunSecrets secrets) throws java.io.IOException {
        StringCredentials credential = lookUp(run, StringCredentials.class, "secret text");
        secrets.addVariable(variable, credential.getSecret().getPlainText(), getCredentialsId());
    }

    @Extension
    @Symbol("sbxSecretEnv")
    public static final class DescriptorImpl extends SbxCredentialDescriptor {
        public DescriptorImpl() {
            super(StringCredentials.class);
        }

        @Override
        public String getDisplayName() {
            return "Secret text as an environment variable";
        }


        @POST
        public FormValidation doCheckVariable(@AncestorInPath Item item, @QueryParameter String value) {
            return variableName(item, value);
        }
    }

    /** The check of a variable field, the engine's. */
    static FormValidation variableName(Item item, String value) {
        if (item != null) {
            item.checkPermission(Item.CONFIGURE);
        }
        return value == null || value.isEmpty() || RunSecrets.isVariableName(value) ? FormValidation.ok()
                : FormValidation.error("Use letters, digits and '_', not starting with a digit.");
    }
}
