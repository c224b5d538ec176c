package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's checks name the command-line tool's options ({@code --max-turns}); a step's user reads
 * its field names ({@code maxTurns}). The check is the same, and so is the message: only the names
 * change.
 */
final class StepTerms {
    /** Longest first, so that {@code --agent-settings} is not read as {@code --agent}. */
    private static final Map<String, String> PHRASES = new LinkedHashMap<>();

    static {
        PHRASES.put("Use one of those agents, or leave it out and start a new session", "Use one of those agents, or leave resumeSession out");
        PHRASES.put("--agent-arg flags", "arguments in command");
        PHRASES.put("--agent claude", "agent: 'claude'");
        PHRASES.put("--prompt TEXT or --prompt-file FILE", "prompt: 'what to do'");
        PHRASES.put("--no-key-gateway", "keyGateway: false");
        PHRASES.put("--resume-session", "resumeSession");
        // the step's deliver: sbxBranch(name:, ignored:, message:, pushRemote:)
        PHRASES.put("--deliver-branch NAME", "deliver: sbxBranch(name: ...)");
        PHRASES.put("--deliver-ignored", "sbxBranch's ignored");
        PHRASES.put("--deliver-message", "sbxBranch's message");
        PHRASES.put("--deliver-branch", "deliver");
        PHRASES.put("--push-remote", "sbxBranch's pushRemote");
        PHRASES.put("--agent-settings", "agentSettings");
        PHRASES.put("--key-gateway", "credentials");
        PHRASES.put("--secret-env", "credentials");
        PHRASES.put("--workspace-mode", "workspaceMode");
        PHRASES.put("--max-cost-usd", "maxCostUsd");
        PHRASES.put("--mcp-config", "mcpConfig");
        PHRASES.put("--allow-host", "allowHosts");
        PHRASES.put("--max-turns", "maxTurns");
        PHRASES.put("--backend", "backend");
        PHRASES.put("--image", "image");
        PHRASES.put("--put", "credentials");
        PHRASES.put("--network", "network");
        PHRASES.put("--timeout", "timeout");
        PHRASES.put("--memory", "memory");
        PHRASES.put("--prompt", "prompt");
        PHRASES.put("--skills", "skills");
        PHRASES.put("--agent", "agent");
        PHRASES.put("--cpus", "cpus");
        PHRASES.put("--env", "environment");
    }

    private StepTerms() {
    }

    /** The refusal with the step's field names in place of the tool's options. */
    static SpecException of(SpecException e) {
        String message = e.getMessage();
        for (Map.Entry<String, String> phrase : PHRASES.entrySet()) {
            message = message.replace(phrase.getKey(), phrase.getValue());
        }
        return SpecException.renamed(PHRASES.getOrDefault(e.field(), e.field()), message);
    }
}
