package io.jenkins.plugins.sbxagent;

import io.jenkins.plugins.sbxagent.credentials.SbxCredential;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sbx-agent run is asked to do, as the Pipeline step and the freestyle builder both hold
 * it. Credentials are held by id only; their values are looked up when the run starts and never
 * stored.
 */
public final class SbxAgentParameters implements Serializable {
    private static final long serialVersionUID = 1L;

    private String backend;
    private String image;
    private List<String> command = new ArrayList<>();
    private List<SbxCredential> credentials = new ArrayList<>();
    private String network;
    private int timeoutMinutes;
    private String workspaceMode;
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

    /** claude, codex, gemini or opencode; null for the plain command. */
    public String getAgent() {
        return agent;
    }

    public void setAgent(String agent) {
        this.agent = agent;
    }

    /** The agent's instructions. */
    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    /** The agent's model; null for its own default. */
    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    /** The MCP servers the agent may start, as JSON text; null for none. */
    public String getMcpConfig() {
        return mcpConfig;
    }

    public void setMcpConfig(String mcpConfig) {
        this.mcpConfig = mcpConfig;
    }

    /** The agent's settings, as JSON text; null for none. */
    public String getAgentSettings() {
        return agentSettings;
    }

    public void setAgentSettings(String agentSettings) {
        this.agentSettings = agentSettings;
    }

    /** A folder of skills, relative to the workspace; null for none. */
    public String getSkills() {
        return skills;
    }

    public void setSkills(String skills) {
        this.skills = skills;
    }

    /** A turn budget the agent enforces; 0 for none. */
    public int getMaxTurns() {
        return maxTurns;
    }

    public void setMaxTurns(int maxTurns) {
        this.maxTurns = maxTurns;
    }

    /** A cost budget in US dollars the agent enforces; 0 for none. */
    public double getMaxCostUsd() {
        return maxCostUsd;
    }

    public void setMaxCostUsd(double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
    }

    /** With network allowlist: the hosts the agent may reach, HOST or HOST:PORT. */
    public List<String> getAllowHosts() {
        return allowHosts;
    }

    public void setAllowHosts(List<String> allowHosts) {
        this.allowHosts = allowHosts == null ? new ArrayList<>() : new ArrayList<>(allowHosts);
    }

    /** Plain variables for the sandbox, as {@code NAME=value}. */
    public List<String> getEnvironment() {
        return environment;
    }

    public void setEnvironment(List<String> environment) {
        this.environment = environment == null ? new ArrayList<>() : new ArrayList<>(environment);
    }

    /** CPUs for the sandbox; 0 for the default (2, or the administrator's cap if lower). */
    public double getCpus() {
        return cpus;
    }

    public void setCpus(double cpus) {
        this.cpus = cpus;
    }

    /** Memory for the sandbox, e.g. 4g; null for the default (4g, or the administrator's cap if lower). */
    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command == null ? new ArrayList<>() : new ArrayList<>(command);
    }

    public List<SbxCredential> getCredentials() {
        return credentials;
    }

    public void setCredentials(List<SbxCredential> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    public String getNetwork() {
        return network;
    }

    public void setNetwork(String network) {
        this.network = network;
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public String getWorkspaceMode() {
        return workspaceMode;
    }

    public void setWorkspaceMode(String workspaceMode) {
        this.workspaceMode = workspaceMode;
    }

    public SbxPolicy getPolicy() {
        return policy;
    }

    public void setPolicy(SbxPolicy policy) {
        this.policy = policy;
    }

    public boolean isApply() {
        return apply;
    }

    public void setApply(boolean apply) {
        this.apply = apply;
    }

    public String getRegistryUrl() {
        return registryUrl;
    }

    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = registryCredentialsId;
    }

    public String getToolName() {
        return toolName;
    }

    public void setToolName(String toolName) {
        this.toolName = toolName;
    }
}
