package io.jenkins.plugins.sbxagent.engine.session;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLaunch;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A run's state folder for an agent whose sessions continue: made empty in the run's private folder, seeded with the
 * session the run continues, mounted by the backend, and read after the run for the session the agent's events named.
 *
 * @param format where the agent keeps its sessions
 * @param folder the folder, in the run's private folder
 */
public record AgentStateFolder(SessionFormat format, Path folder) {
    /**
     * The state folder of this run, when its agent's sessions continue and its backend mounts one (docker); empty otherwise.
     *
     * @param seed the session the run continues, or null
     */
    public static Optional<AgentStateFolder> prepare(AgentKind agent, Backend backend, SandboxLaunch launch, SessionSeed seed,
            Map<String, Object> audit) throws IOException {
        Optional<SessionFormat> format = SessionFormat.of(agent);
        if (format.isEmpty() || backend != Backend.DOCKER) {
            return Optional.empty();
        }
        Path folder = Files.createDirectory(launch.privateDir().resolve("agent-state"));
        if (seed != null) {
            seed.placeInto(folder);
            audit.put("sessionFrom", seed.audit());
        }
        launch.keepAgentState(new SandboxLaunch.AgentState(folder, SessionFormat.STATE_TARGET, format.get().variable()));
        return Optional.of(new AgentStateFolder(format.get(), folder));
    }

    /**
     * Keeps the session {@code sessionId} in the outputs ({@code session/}), and says so in the audit ({@code session}).
     * What the agent left there is its own, so a state folder that cannot be read is told, never the run's failure.
     */
    public void keep(String sessionId, RunOutputs outputs, SecretMasker masker, Consumer<String> messages, Map<String, Object> audit) {
        try {
            SessionCapture.capture(format, sessionId, folder, outputs, masker, messages)
                    .ifPresent(kept -> audit.put("session", Map.of("sessionId", kept.sessionId(), "files", kept.files().size())));
        } catch (IOException | RuntimeException e) {
            audit.put("session", "not kept: " + e.getMessage());
            messages.accept("session " + sessionId + " is not kept: " + e.getMessage());
        }
    }
}
