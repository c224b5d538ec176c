package io.jenkins.plugins.sbxagent;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.credentials.SbxCredential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle build step: the same run as {@code sbxAgent}, configured on the job page. The
 * command is one argument per line.
 */
public final class SbxAgentBuilder extends Builder implements SimpleBuildStep {
    private String backend;
    private String image;
    private String command;
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
    private String allowHosts;
    private String environment;
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

    /** claude, codex, gemini or opencode; empty: the command runs. */
    @DataBoundSetter
    public void setAgent(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    public String getPrompt() {
        return prompt;
    }

    @DataBoundSetter
    public void setPrompt(String prompt) {
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

    @DataBoundSetter
    public void setMaxTurns(int maxTurns) {
        this.maxTurns = maxTurns;
    }

    public double getMaxCostUsd() {
        return maxCostUsd;
    }

    @DataBoundSetter
    public void setMaxCostUsd(double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
    }

    /** With network allowlist: the hosts the agent may reach, one per line. */
    public String getEnvironment() {
        return environment;
    }

    /** Plain variables for the sandbox, one {@code NAME=value} per line. Never secrets: those are credentials. */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getAllowHosts() {
        return allowHosts;
    }

    @DataBoundSetter
    public void setAllowHosts(String allowHosts) {
        this.allowHosts = Util.fixEmptyAndTrim(allowHosts);
    }

    @DataBoundConstructor
    public SbxAgentBuilder(String image, String command) {
        this.image = Util.fixEmptyAndTrim(image);
        // browsers send a textarea's line breaks as CR LF
        this.command = command == null ? null : command.replace("\r\n", "\n");
    }

    public String getImage() {
        return image;
    }

    /** One argument per line. */
    public String getCommand() {
        return command;
    }

    public String getBackend() {
        return backend;
    }

    @DataBoundSetter
    public void setBackend(String backend) {
        this.backend = Util.fixEmptyAndTrim(backend);
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

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        SbxAgentParameters parameters = new SbxAgentParameters();
        parameters.setBackend(backend);
        parameters.setImage(image);
        parameters.setCommand(command == null ? List.of() : Arrays.stream(command.split("\\r?\\n")).filter(line -> !line.isEmpty()).toList());
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
        parameters.setAgent(agent);
        parameters.setPrompt(prompt);
        parameters.setModel(model);
        parameters.setMcpConfig(mcpConfig);
        parameters.setAgentSettings(agentSettings);
        parameters.setSkills(skills);
        parameters.setMaxTurns(maxTurns);
        parameters.setMaxCostUsd(maxCostUsd);
        parameters.setAllowHosts(SbxPolicy.lines(allowHosts));
        parameters.setEnvironment(SbxPolicy.lines(environment));
        SbxAgentRunner runner = new SbxAgentRunner(run, workspace, launcher, listener, env, node);
        String runId = runner.nextRunId();
        SbxAgentRunner.Outcome outcome;
        try {
            outcome = runner.run(parameters, runId);
        } catch (InterruptedException e) {
            SbxAgentRunner.removeSandbox(workspace, listener, runId, toolName, node, env);
            throw e;
        }
        if (outcome.result() == Result.FAILURE) {
            throw new AbortException(outcome.message());
        }
        listener.getLogger().println(outcome.message());
        if (outcome.result() == Result.UNSTABLE) {
            run.setResult(Result.UNSTABLE);
        }
    }

    @Extension
    @Symbol("sbxAgentBuild")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Run a coding agent in a sandbox (sbx-agent)";
        }

        /** Fields the builder shares with the Pipeline step share its help, so that the two never drift apart. */
        @Override
        public String getHelpFile(String fieldName) {
            String own = super.getHelpFile(fieldName);
            if (own != null || fieldName == null) {
                return own;
            }
            return jenkins.model.Jenkins.get().getDescriptorByType(SbxAgentStep.DescriptorImpl.class).getHelpFile(fieldName);
        }

        public ListBoxModel doFillNetworkItems() {
            return choices("none", "allowlist", "open");
        }

        public ListBoxModel doFillAgentItems() {
            return jenkins.model.Jenkins.get().getDescriptorByType(SbxAgentStep.DescriptorImpl.class).doFillAgentItems();
        }

        public ListBoxModel doFillWorkspaceModeItems() {
            return choices("copy", "mount", "clone");
        }

        @org.kohsuke.stapler.verb.POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@org.kohsuke.stapler.AncestorInPath hudson.model.Item item,
                @org.kohsuke.stapler.QueryParameter String registryCredentialsId) {
            return registryCredentials(item, registryCredentialsId);
        }

        /** Username and password credentials for a registry login, listed only for those who may configure the job. */
        static ListBoxModel registryCredentials(hudson.model.Item item, String registryCredentialsId) {
            com.cloudbees.plugins.credentials.common.StandardListBoxModel result = new com.cloudbees.plugins.credentials.common.StandardListBoxModel();
            if (item == null || !item.hasPermission(hudson.model.Item.CONFIGURE)) {
                return result.includeCurrentValue(registryCredentialsId);
            }
            return result.includeEmptyValue()
                    .includeAs(hudson.security.ACL.SYSTEM2, item, com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials.class)
                    .includeCurrentValue(registryCredentialsId);
        }

        public ListBoxModel doFillToolNameItems() {
            return dockerTools();
        }

        public ListBoxModel doFillBackendItems() {
            return choices("docker", "docker-sbx");
        }

        /** The Docker tool installations, and the default (docker on the node's PATH). */
        public static ListBoxModel dockerTools() {
            ListBoxModel items = new ListBoxModel();
            items.add("(docker on the PATH)", "");
            org.jenkinsci.plugins.docker.commons.tools.DockerTool.DescriptorImpl tools =
                    jenkins.model.Jenkins.get().getDescriptorByType(org.jenkinsci.plugins.docker.commons.tools.DockerTool.DescriptorImpl.class);
            if (tools != null) {
                for (org.jenkinsci.plugins.docker.commons.tools.DockerTool tool : tools.getInstallations()) {
                    items.add(tool.getName(), tool.getName());
                }
            }
            return items;
        }

        static ListBoxModel choices(String... values) {
            ListBoxModel items = new ListBoxModel();
            for (String value : values) {
                items.add(value, value);
            }
            return items;
        }
    }
}
