package io.jenkins.plugins.sbxagent;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.credentials.SbxCredential;
import io.jenkins.plugins.sbxagent.engine.request.RunRequest;
import io.jenkins.plugins.sbxagent.engine.request.TextLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code sbxAgent(...)}: runs a coding agent in a sandbox on the node of the enclosing {@code node}
 * block and returns what it decided, e.g.
 * <pre>
 * def r = sbxAgent(image: 'registry.example/agents/claude:1', agent: 'claude', prompt: 'Fix the failing test', maxTurns: 20,
 *                  network: 'allowlist', allowHosts: ['api.anthropic.com'],
 *                  credentials: [sbxSecretEnv(credentialsId: 'anthropic-key', variable: 'ANTHROPIC_API_KEY')],
 *                  policy: sbxPolicy(failOn: 'critical', protectedPaths: ['Jenkinsfile']))
 * echo "decision: ${r.decision}"
 * </pre>
 * The freestyle build step holds one of these too, so the two never drift apart. Every field is
 * optional and null when unset: the engine's {@link RunRequest#check} fills in the defaults and
 * refuses mistakes, the same for both.
 */
public final class SbxAgentStep extends Step {
    private String backend;
    private String image;
    private List<String> command = new ArrayList<>();
    private String agent;
    private String prompt;
    private String model;
    private String mcpConfig;
    private String agentSettings;
    private String outputSchema;
    private String skills;
    private Integer maxTurns;
    private Double maxCostUsd;
    private List<SbxCredential> credentials = new ArrayList<>();
    private List<String> environment = new ArrayList<>();
    private String network;
    private List<String> allowHosts = new ArrayList<>();
    private Integer timeout;
    private String workspaceMode;
    private Double cpus;
    private String memory;
    private boolean apply;
    private SbxPolicy policy;
    private SbxBranch deliver;
    private SbxSession resumeSession;
    private String registryUrl;
    private String registryCredentialsId;
    private String toolName;

    @DataBoundConstructor
    public SbxAgentStep() {
    }

    /** The engine's request: what the engine checks and runs. The credentials and the Docker client stay with Jenkins. */
    RunRequest request() {
        return request(null);
    }

    /**
     * As {@link #request()}, where {@code lastSession}, the build's latest session, is the one a {@code resumeSession}
     * without an id continues.
     */
    RunRequest request(String lastSession) {
        RunRequest.Builder request = RunRequest.builder().backend(backend).image(image).command(command).agent(agent).prompt(prompt).model(model)
                .mcpConfig(mcpConfig).agentSettings(agentSettings).skills(skills).outputSchema(outputSchema)
                .maxTurns(maxTurns).maxCostUsd(maxCostUsd)
                .environment(environment).network(network).allowHosts(allowHosts).timeoutMinutes(timeout).workspaceMode(workspaceMode)
                .cpus(cpus).memory(memory).apply(apply).policy(policy == null ? null : policy.fields())
                .registryLogin(registryCredentialsId != null);
        if (deliver != null) {
            deliver.addTo(request);
        }
        if (resumeSession != null) {
            resumeSession.addTo(request, lastSession);
        }
        return request.build();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new SbxAgentStepExecution(context, this);
    }

    public String getBackend() {
        return backend;
    }

    @DataBoundSetter
    public void setBackend(String backend) {
        this.backend = Util.fixEmptyAndTrim(backend);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public List<String> getCommand() {
        return command;
    }

    @DataBoundSetter
    public void setCommand(List<String> command) {
        this.command = command == null ? new ArrayList<>() : new ArrayList<>(command);
    }

    public String getAgent() {
        return agent;
    }

    @DataBoundSetter
    public void setAgent(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    public String getPrompt() {
        return prompt;
    }

    @DataBoundSetter
    public void setPrompt(String prompt) {
        // browsers send a text area's line breaks as CR LF
        this.prompt = Util.fixEmpty(prompt == null ? null : prompt.replace("\r\n", "\n"));
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = Util.fixEmptyAndTrim(model);
    }

    public String getMcpConfig() {
        return mcpConfig;
    }

    @DataBoundSetter
    public void setMcpConfig(String mcpConfig) {
        this.mcpConfig = Util.fixEmptyAndTrim(mcpConfig);
    }

    public String getAgentSettings() {
        return agentSettings;
    }

    @DataBoundSetter
    public void setAgentSettings(String agentSettings) {
        this.agentSettings = Util.fixEmptyAndTrim(agentSettings);
    }

    public String getSkills() {
        return skills;
    }

    public String getOutputSchema() {
        return outputSchema;
    }

    /** A JSON Schema the agent's final answer must meet; the step returns the answer as {@code answer}. */
    @DataBoundSetter
    public void setOutputSchema(String outputSchema) {
        this.outputSchema = Util.fixEmptyAndTrim(outputSchema);
    }

    @DataBoundSetter
    public void setSkills(String skills) {
        this.skills = Util.fixEmptyAndTrim(skills);
    }

    public Integer getMaxTurns() {
        return maxTurns;
    }

    @DataBoundSetter
    public void setMaxTurns(Integer maxTurns) {
        this.maxTurns = maxTurns;
    }

    public Double getMaxCostUsd() {
        return maxCostUsd;
    }

    @DataBoundSetter
    public void setMaxCostUsd(Double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
    }

    public List<SbxCredential> getCredentials() {
        return credentials;
    }

    @DataBoundSetter
    public void setCredentials(List<SbxCredential> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    public List<String> getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(List<String> environment) {
        this.environment = environment == null ? new ArrayList<>() : new ArrayList<>(environment);
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = Util.fixEmptyAndTrim(network);
    }

    public List<String> getAllowHosts() {
        return allowHosts;
    }

    @DataBoundSetter
    public void setAllowHosts(List<String> allowHosts) {
        this.allowHosts = allowHosts == null ? new ArrayList<>() : new ArrayList<>(allowHosts);
    }

    /** Minutes. */
    public Integer getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public String getWorkspaceMode() {
        return workspaceMode;
    }

    @DataBoundSetter
    public void setWorkspaceMode(String workspaceMode) {
        this.workspaceMode = Util.fixEmptyAndTrim(workspaceMode);
    }

    public Double getCpus() {
        return cpus;
    }

    @DataBoundSetter
    public void setCpus(Double cpus) {
        this.cpus = cpus;
    }

    public String getMemory() {
        return memory;
    }

    @DataBoundSetter
    public void setMemory(String memory) {
        this.memory = Util.fixEmptyAndTrim(memory);
    }

    public boolean isApply() {
        return apply;
    }

    @DataBoundSetter
    public void setApply(boolean apply) {
        this.apply = apply;
    }

    public SbxPolicy getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(SbxPolicy policy) {
        this.policy = policy;
    }

    public SbxBranch getDeliver() {
        return deliver;
    }

    @DataBoundSetter
    public void setDeliver(SbxBranch deliver) {
        this.deliver = deliver;
    }

    public SbxSession getResumeSession() {
        return resumeSession;
    }

    @DataBoundSetter
    public void setResumeSession(SbxSession resumeSession) {
        this.resumeSession = resumeSession;
    }

    public String getRegistryUrl() {
        return registryUrl;
    }

    @DataBoundSetter
    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = Util.fixEmptyAndTrim(registryUrl);
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
    }

    public String getToolName() {
        return toolName;
    }

    @DataBoundSetter
    public void setToolName(String toolName) {
        this.toolName = Util.fixEmptyAndTrim(toolName);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        /** Text areas the form sends for list fields, one entry per line. */
        private static final List<String> LIST_FIELDS = List.of("command", "environment", "allowHosts");
        /** Number fields: an empty one is "not set", never 0. */
        private static final List<String> NUMBER_FIELDS = List.of("maxTurns", "maxCostUsd", "timeout", "cpus");

        @Override
        public String getFunctionName() {
            return "sbxAgent";
        }

        @Override
        public String getDisplayName() {
            return "Run a coding agent in a sandbox and gate what it changed";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class, Node.class, FlowNode.class);
        }

        /**
         * The form (the Snippet Generator's, a freestyle job's) sends lists as text, one entry per line,
         * and empty numbers as empty text; a script and Configuration as Code set them directly.
         */
        @Override
        public Step newInstance(StaplerRequest2 request, JSONObject form) throws FormException {
            return super.newInstance(request, FormLists.normalize(form, LIST_FIELDS, NUMBER_FIELDS));
        }

        /** A list field's entries as its text area shows them, one per line. */
        public String lines(List<String> entries) {
            return TextLines.join(entries);
        }

        public ListBoxModel doFillAgentItems() {
            return FormLists.choices("(none: run the command)", "claude", "codex", "gemini", "opencode");
        }

        public ListBoxModel doFillBackendItems() {
            return FormLists.choices("(the administrator's default)", "docker", "docker-sbx");
        }

        public ListBoxModel doFillNetworkItems() {
            return FormLists.choices("(default: none)", "none", "allowlist", "open");
        }

        public ListBoxModel doFillWorkspaceModeItems() {
            return FormLists.choices("(default: copy; clone with docker-sbx)", "copy", "mount", "clone");
        }

        public ListBoxModel doFillToolNameItems() {
            return FormLists.dockerTools();
        }

        @POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String registryCredentialsId) {
            return FormLists.credentials(item, registryCredentialsId,
                    com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials.class);
        }
    }
}
