package io.jenkins.plugins.sbxagent.engine.audit;

import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SecretEnv;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code audit.json}: what ran, where, with what, and how it ended. Secrets appear by name only. */
public final class RunAudit {
    private RunAudit() {
    }

    /**
     * @param facts what the run found out on its way (image id, staging, hidden paths, risk…), in order
     * @param ended the outcome's id, the agent's exit code, whether the changes were applied and the error, if any
     */
    public static Map<String, Object> of(RunSpec spec, String sandboxName, Map<String, Object> facts, Ending ended, Instant startedAt,
            Instant finishedAt, Map<String, Long> phasesMillis) {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("schemaVersion", 1);
        audit.put("tenant", spec.tenant());
        audit.put("runId", spec.runId());
        audit.put("backend", spec.backend().id());
        audit.put("sandboxName", sandboxName);
        audit.put("image", spec.image());
        audit.put("command", spec.command());
        audit.put("workspace", spec.workspace().toString());
        audit.put("workspaceMode", spec.workspaceMode().id());
        audit.put("network", spec.network().id());
        audit.put("environment", spec.environment().keySet());
        audit.put("secretNames", spec.secrets().stream().map(SecretEnv::name).toList());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("timeoutSeconds", spec.limits().timeout().toSeconds());
        limits.put("cpus", spec.limits().cpus());
        limits.put("memoryBytes", spec.limits().memoryBytes());
        limits.put("pids", spec.limits().pids());
        limits.put("logBytes", spec.limits().logBytes());
        limits.put("readBytes", spec.limits().readBytes());
        limits.put("tmpfsBytes", spec.limits().tmpfsBytes());
        audit.put("limits", limits);
        audit.put("hardening", Map.of("capDrop", "ALL", "noNewPrivileges", true, "readOnlyRoot", spec.readOnlyRoot(),
                "init", true, "dockerArgs", spec.dockerArgs()));
        audit.putAll(facts);
        audit.put("outcome", ended.outcome());
        audit.put("exitCode", ended.exitCode());
        audit.put("applied", ended.applied());
        audit.put("error", ended.error());
        audit.put("startedAt", startedAt.toString());
        audit.put("finishedAt", finishedAt.toString());
        audit.put("phasesMillis", phasesMillis);
        return audit;
    }

    /** How the run ended, as the audit records it. */
    public record Ending(String outcome, int exitCode, boolean applied, String error) {
    }
}
