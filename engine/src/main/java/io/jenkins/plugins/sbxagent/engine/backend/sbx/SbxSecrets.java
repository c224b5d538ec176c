package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import java.util.Map;
import java.util.Optional;

/**
 * Which bound variables sbx's proxy can hold for the sandbox instead of the VM: the services whose
 * keys {@code sbx secret import} reads from these variables (docs: cli/access/credentials-local).
 * The proxy puts the key into requests to the service's API; inside the VM the variable is unset.
 * Any other secret crosses as a plain variable in the environment file, and the audit says so.
 */
public final class SbxSecrets {
    private static final Map<String, String> SERVICES = Map.ofEntries(
            Map.entry("ANTHROPIC_API_KEY", "anthropic"),
            Map.entry("OPENAI_API_KEY", "openai"),
            Map.entry("GEMINI_API_KEY", "google"),
            Map.entry("GOOGLE_API_KEY", "google"),
            Map.entry("GH_TOKEN", "github"),
            Map.entry("GITHUB_TOKEN", "github"),
            Map.entry("FACTORY_API_KEY", "droid"),
            Map.entry("GROQ_API_KEY", "groq"),
            Map.entry("MISTRAL_API_KEY", "mistral"),
            Map.entry("OPENROUTER_API_KEY", "openrouter"),
            Map.entry("XAI_API_KEY", "xai"));

    private SbxSecrets() {
    }

    /** The service whose key this variable holds, when sbx's proxy can inject it. */
    public static Optional<String> serviceOf(String variable) {
        return Optional.ofNullable(SERVICES.get(variable));
    }
}
