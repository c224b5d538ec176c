package io.jenkins.plugins.sbxagent.credentials;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A secret text credential, passed into the sandbox as an environment variable: {@code sbxSecretEnv(credentialsId: 'key', variable: 'API_KEY')}. */
public final class SbxSecretEnv extends SbxCredential {
    private static final long serialVersionUID = 1L;
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
    public void bind(Run<?, ?> run, BoundSecrets secrets) throws IOException {
        if (variable == null || !NAME.matcher(variable).matches()) {
            throw new AbortException("sbxAgent: sbxSecretEnv for '" + getCredentialsId() + "' needs a variable name such as API_KEY, got '"
                    + variable + "'.");
        }
        StringCredentials credential = lookUp(run, StringCredentials.class, "secret text");
        secrets.addVariable(variable, credential.getSecret().getPlainText(), getCredentialsId());
    }

    @Extension
    @Symbol("sbxSecretEnv")
    public static final class DescriptorImpl extends SbxCredentialDescriptor {
        @Override
        public String getDisplayName() {
            return "Secret text as an environment variable";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialItems.fill(item, credentialsId, StringCredentials.class);
        }

        @POST
        public FormValidation doCheckVariable(@AncestorInPath Item item, @QueryParameter String value) {
            if (item != null) {
                item.checkPermission(Item.CONFIGURE);
            }
            return value == null || NAME.matcher(value).matches() ? FormValidation.ok()
                    : FormValidation.error("Use letters, digits and '_', not starting with a digit.");
        }
    }

    /** The credentials drop-down of the binding forms: only for those who may configure the job. */
    static final class CredentialItems {
        private CredentialItems() {
        }

        static <C extends com.cloudbees.plugins.credentials.common.StandardCredentials> ListBoxModel fill(Item item, String current,
                Class<C> type) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return result.includeCurrentValue(current);
            }
            return result.includeEmptyValue().includeAs(ACL.SYSTEM2, item, type).includeCurrentValue(current);
        }
    }
}
