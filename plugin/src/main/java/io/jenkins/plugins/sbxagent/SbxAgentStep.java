package io.jenkins.plugins.sbxagent;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.credentials.SbxCredential;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code sbxAgent(...)}: runs a coding agent in a sandbox on the node of the enclosing {@code node}
 * block and returns what it decided, e.g.
 * <pre>
 * def r = sbxAgent(image: 'registry.example/agents/claude:1', agent: 'claude', prompt: 'Fix the failing test', maxTurns: 20,
 *                  network: 'allowlist', allowHosts: ['api.anthropic.com'],
 *                  credentials: [sbxSecretEnv(credentialsId: 'anthropic-key', variable: 'ANTHROPIC_API_KEY')],
 *                  policy: [failOn: 'critical', protectedPaths: ['Jenkinsfile']])
 * echo "decision: ${r.decision}"
 * </pre>
 */
public final class SbxAgentStep extends Step {
    private String backend;
    private String image;
    private List<String> command = new ArrayList<>();
    private List<SbxCredential> credentials = new ArrayList<>();
    private String network = "none";
    private int timeout = 30;
    private String workspaceMode = "copy";
    private SbxPolicy policy;
    private boolean apply;
    private String registryUrl;
    private String registryCredentialsId;
    private String toolName;
    private double cpus;
    private String memory;
    private List<String> allowHosts = new ArrayList<>();
    private List<String> environment = new ArrayList<>();
    private String agent;
    private String prompt;
    private String model;
    private String mcpConfig;
    private String agentSettings;
    private String skills;
    private int maxTurns;
    private double maxCostUsd;

    public String getAgent() {
        return agent;
    }

    /** {@code claude}, {@code codex}, {@code gemini} or {@code opencode}: the agent runs headless on {@code prompt}; empty: {@code command} runs. */
    @DataBoundSetter
    public void setAgent(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    public String getPrompt() {
        return prompt;
    }

    /** The agent's instructions. */
    @DataBoundSetter
    public void setPrompt(String prompt) {
        this.prompt = Util.fixEmpty(prompt);
    }

    public String getModel() {
        return model;
    }

    /** The agent's model; empty for the agent's own default. */
    @DataBoundSetter
    public void setModel(String model) {
        this.model = Util.fixEmptyAndTrim(model);
    }

    public String getMcpConfig() {
        return mcpConfig;
    }

    /**
     * The MCP servers the agent may start, as {@code .mcp.json}-style JSON text (claude); empty for none.
     * The repository's own MCP configuration never counts.
     */
    @DataBoundSetter
    public void setMcpConfig(String mcpConfig) {
        this.mcpConfig = Util.fixEmptyAndTrim(mcpConfig);
    }

    public String getAgentSettings() {
        return agentSettings;
    }

    /** The agent's settings, as JSON text (claude: a settings.json); empty for none. The repository's never count. */
    @DataBoundSetter
    public void setAgentSettings(String agentSettings) {
        this.agentSettings = Util.fixEmptyAndTrim(agentSettings);
    }

    public String getSkills() {
        return skills;
    }

    /** A folder of skills in the workspace, one folder per skill with a SKILL.md (claude); empty for none. */
    @DataBoundSetter
    public void setSkills(String skills) {
        this.skills = Util.fixEmptyAndTrim(skills);
    }

    public int getMaxTurns() {
        return maxTurns;
    }

    /** A turn budget the agent enforces itself; 0 (the default) for none. */
    @DataBoundSetter
    public void setMaxTurns(int maxTurns) {
        this.maxTurns = maxTurns;
    }

    public double getMaxCostUsd() {
        return maxCostUsd;
    }

    /** A cost budget in US dollars the agent enforces itself; 0 (the default) for none. */
    @DataBoundSetter
    public void setMaxCostUsd(double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
    }

    public List<String> getAllowHosts() {
        return allowHosts;
    }

    /** With {@code network: 'allowlist'}: the hosts the agent may reach, e.g. {@code ['api.anthropic.com']}. */
    @DataBoundSetter
    public void setAllowHosts(List<String> allowHosts) {
        this.allowHosts = allowHosts == null ? new ArrayList<>() : new ArrayList<>(allowHosts);
    }

    public List<String> getEnvironment() {
        return environment;
    }

    /**
     * Plain variables for the sandbox, as {@code NAME=value} like {@code withEnv}, e.g.
     * {@code ['GOOGLE_GEMINI_BASE_URL=https://gateway.example']}. Never secrets: those are credentials.
     */
    @DataBoundSetter
    public void setEnvironment(List<String> environment) {
        this.environment = environment == null ? new ArrayList<>() : new ArrayList<>(environment);
    }

    @DataBoundConstructor
    public SbxAgentStep() {
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

    public List<SbxCredential> getCredentials() {
        return credentials;
    }

    @DataBoundSetter
    public void setCredentials(List<SbxCredential> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = Util.fixEmptyAndTrim(network) == null ? "none" : network.trim();
    }

    public int getTimeout() {
        return timeout;
    }

    /** Minutes. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public String getWorkspaceMode() {
        return workspaceMode;
    }

    @DataBoundSetter
    public void setWorkspaceMode(String workspaceMode) {
        this.workspaceMode = Util.fixEmptyAndTrim(workspaceMode) == null ? "copy" : workspaceMode.trim();
    }

    public SbxPolicy getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(SbxPolicy policy) {
        this.policy = policy;
    }

    public boolean isApply() {
        return apply;
    }

    @DataBoundSetter
    public void setApply(boolean apply) {
        this.apply = apply;
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

    public double getCpus() {
        return cpus;
    }

    /** CPUs for the sandbox; 0 (the default) for 2, or the administrator's cap if lower. */
    @DataBoundSetter
    public void setCpus(double cpus) {
        this.cpus = cpus;
    }

    public String getMemory() {
        return memory;
    }

    /** Memory for the sandbox, e.g. {@code 4g}; empty for 4g, or the administrator's cap if lower. */
    @DataBoundSetter
    public void setMemory(String memory) {
        this.memory = Util.fixEmptyAndTrim(memory);
    }

    public String getToolName() {
        return toolName;
    }

    @DataBoundSetter
    public void setToolName(String toolName) {
        this.toolName = Util.fixEmptyAndTrim(toolName);
    }

    SbxAgentParameters parameters() {
        SbxAgentParameters parameters = new SbxAgentParameters();
        parameters.setBackend(backend);
        parameters.setImage(image);
        parameters.setCommand(command);
        parameters.setCredentials(credentials);
        parameters.setNetwork(network);
        parameters.setTimeoutMinutes(timeout);
        parameters.setWorkspaceMode(workspaceMode);
        parameters.setPolicy(policy);
        parameters.setApply(apply);
        parameters.setRegistryUrl(registryUrl);
        parameters.setRegistryCredentialsId(registryCredentialsId);
        parameters.setToolName(toolName);
        parameters.setCpus(cpus);
        parameters.setMemory(memory);
        parameters.setAllowHosts(allowHosts);
        parameters.setEnvironment(environment);
        parameters.setAgent(agent);
        parameters.setPrompt(prompt);
        parameters.setModel(model);
        parameters.setMcpConfig(mcpConfig);
        parameters.setAgentSettings(agentSettings);
        parameters.setSkills(skills);
        parameters.setMaxTurns(maxTurns);
        parameters.setMaxCostUsd(maxCostUsd);
        return parameters;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new SbxAgentStepExecution(context, parameters());
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
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

        public ListBoxModel doFillNetworkItems() {
            return SbxAgentBuilder.DescriptorImpl.choices("none", "allowlist", "open");
        }

        public ListBoxModel doFillWorkspaceModeItems() {
            return SbxAgentBuilder.DescriptorImpl.choices("copy", "mount", "clone");
        }

        @org.kohsuke.stapler.verb.POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@org.kohsuke.stapler.AncestorInPath hudson.model.Item item,
                @org.kohsuke.stapler.QueryParameter String registryCredentialsId) {
            return SbxAgentBuilder.DescriptorImpl.registryCredentials(item, registryCredentialsId);
        }

        public ListBoxModel doFillToolNameItems() {
            return SbxAgentBuilder.DescriptorImpl.dockerTools();
        }

        public ListBoxModel doFillAgentItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(the command)", "");
            for (String agent : List.of("claude", "codex", "gemini", "opencode")) {
                items.add(agent);
            }
            return items;
        }

        public ListBoxModel doFillBackendItems() {
            return SbxAgentBuilder.DescriptorImpl.choices("docker", "docker-sbx");
        }
    }
}
