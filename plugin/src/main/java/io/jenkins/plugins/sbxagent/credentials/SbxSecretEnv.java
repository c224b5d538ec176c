package io.jenkins.plugins.sbxagent.credentials;

import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A secret text credential, passed into the sandbox as an environment variable:
 * {@code sbxSecretEnv(credentialsId: 'key', variable: 'API_KEY')}. Under network {@code allowlist}, a
 * model provider's key stays outside the sandbox, in the key gateway, unless {@code keyGateway: false}.
 */
public final class SbxSecretEnv extends SbxCredential {
    private static final long serialVersionUID = 1L;

    private final String variable;
    private boolean keyGateway = true;
    private String gatewayHeader;
    private String gatewayUrlVariable;

    @DataBoundConstructor
    public SbxSecretEnv(String credentialsId, String variable) {
        super(credentialsId);
        this.variable = variable;
    }

    public String getVariable() {
        return variable;
    }

    public boolean isKeyGateway() {
        return keyGateway;
    }

    /** False passes the key into the sandbox even where the key gateway could hold it. */
    @DataBoundSetter
    public void setKeyGateway(boolean keyGateway) {
        this.keyGateway = keyGateway;
    }

    public String getGatewayHeader() {
        return gatewayHeader;
    }

    /** The header another provider reads its key from: the key gateway holds this key for it. */
    @DataBoundSetter
    public void setGatewayHeader(String gatewayHeader) {
        this.gatewayHeader = Util.fixEmptyAndTrim(gatewayHeader);
    }

    public String getGatewayUrlVariable() {
        return gatewayUrlVariable;
    }

    /** With a gateway header: the variable the agent reads that provider's base URL from. */
    @DataBoundSetter
    public void setGatewayUrlVariable(String gatewayUrlVariable) {
        this.gatewayUrlVariable = Util.fixEmptyAndTrim(gatewayUrlVariable);
    }

    @Override
    protected void addTo(Run<?, ?> run, RunSecrets secrets) throws java.io.IOException {
        StringCredentials credential = lookUp(run, StringCredentials.class, "secret text");
        secrets.addVariable(variable, credential.getSecret().getPlainText(), getCredentialsId());
        secrets.holdKey(variable, keyGateway, gatewayHeader, gatewayUrlVariable, getCredentialsId());
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

        @POST
        public FormValidation doCheckGatewayUrlVariable(@AncestorInPath Item item, @QueryParameter String value) {
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
