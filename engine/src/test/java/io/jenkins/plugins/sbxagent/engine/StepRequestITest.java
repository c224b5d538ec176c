package io.jenkins.plugins.sbxagent.engine;

import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.request.CheckedRun;
import io.jenkins.plugins.sbxagent.engine.request.HostSettings;
import io.jenkins.plugins.sbxagent.engine.request.NodeRun;
import io.jenkins.plugins.sbxagent.engine.request.PolicyFields;
import io.jenkins.plugins.sbxagent.engine.request.RunReport;
import io.jenkins.plugins.sbxagent.engine.request.RunRequest;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's request the way the Jenkins plugin runs it, minus Jenkins: checked on the "controller",
 * prepared and run on the "node" with bound secrets, on the real Docker engine, and reported.
 */
class StepRequestITest {
    private static final String KEY = "sk-step-request-0123456789abcdef";
    private static final String FILE_SECRET = "npm_StepRequestToken0123456789";
    private static final HostSettings SETTINGS = HostSettings.of("docker", DockerEngine.BUSYBOX, List.of(), "none", 120, 4, "8g",
            new PolicyFields(null, null, null, List.of("Jenkinsfile"), List.of(), null, null), null, "the test's settings");

    @TempDir
    Path temp;

    @BeforeAll
    static void requireDocker() throws Exception {
        DockerEngine.require();
    }

    /** The secret files' private folders under the work root. */
    private List<Path> secretFolders() throws java.io.IOException {
        Path work = temp.resolve("work");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (var entries = Files.list(work)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("sbx-agent-secrets-")).toList();
        }
    }

    private NodeRun.Placement at(Path workspace, String runId) {
        return new NodeRun.Placement(workspace, temp.resolve("out-" + runId), temp.resolve("work"), "tests/step-request", runId, "docker",
                Map.of(), "sbx");
    }

    @Test
    void shouldRunACheckedRequestWithItsSecretsAndReportOneCountEverywhere() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        Map<String, String> before = Workspaces.fingerprint(workspace);
        CheckedRun checked = RunRequest.builder()
                .command(List.of("sh", "-c", "echo \"key=$API_KEY\"; cat /tmp/.npmrc; mkdir -p docs/new; echo hi > docs/new/a.txt;"
                        + " echo '#!/bin/sh' > .git/hooks/pre-push; echo \"$GREETING\""))
                .environment(List.of("GREETING=hello from the step"))
                .build().check(SETTINGS);
        RunSecrets secrets = new RunSecrets();
        secrets.addVariable("API_KEY", KEY, "api-key");
        secrets.addFile(".npmrc", ("//registry.example/:_authToken=" + FILE_SECRET + "\n").getBytes(StandardCharsets.UTF_8), "npmrc");
        List<String> messages = new java.util.ArrayList<>();
        StringBuilder output = new StringBuilder();
        RunListener listener = new RunListener() {
            @Override
            public void output(byte[] bytes, int offset, int length) {
                output.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void message(String line) {
                messages.add(line);
            }
        };

        RunReport report;
        try (NodeRun run = NodeRun.prepare(checked, at(workspace, "step-1"), secrets, listener)) {
            assertThat(secretFolders()).as("the secret file's private folder").hasSize(1);
            report = RunReport.of(run.call());
        }

        assertThat(secretFolders()).as("deleted when the run is closed").isEmpty();
        assertThat(report.getOutcome()).as(report.getError()).isEqualTo("succeeded");
        assertThat(report.getDecision()).as("a new git hook is critical").isEqualTo("fail");
        assertThat(report.getPatches()).contains("git-internal.patch");
        Path outputs = temp.resolve("out-step-1");
        String log = Files.readString(outputs.resolve(RunOutputs.AGENT_LOG));
        assertThat(log).contains("hello from the step").contains("key=****").doesNotContain(KEY).doesNotContain(FILE_SECRET);
        assertThat(output.toString()).doesNotContain(KEY).doesNotContain(FILE_SECRET);
        JsonNode changes = new ObjectMapper().readTree(outputs.resolve(RunOutputs.CHANGES).toFile());
        JsonNode summary = new ObjectMapper().readTree(outputs.resolve("risk-summary.json").toFile());
        assertThat(report.getChangeCount()).as("docs/new/a.txt and the hook; the folders are listed, not counted").isEqualTo(2)
                .isEqualTo(changes.path("count").asInt()).isEqualTo(summary.path("stats").path("changedFiles").asInt());
        assertThat(changes.path("listed").asInt()).isGreaterThan(2);
        assertThat(report.message("f")).contains("2 changed entries").contains("decision fail");
        assertThat(Workspaces.fingerprint(workspace)).as("the workspace is untouched").isEqualTo(before);
    }

    @Test
    void shouldRefuseOnTheNodeWhatOnlyTheNodeCanSeeAndLeaveNoSecretBehind() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Files.createDirectories(temp.resolve("elsewhere/skill"));
        Files.writeString(temp.resolve("elsewhere/skill/SKILL.md"), "---\nname: skill\n---\n");
        Files.createSymbolicLink(workspace.resolve("skills"), temp.resolve("elsewhere"));
        CheckedRun checked = RunRequest.builder().agent("claude").prompt("Write the notes").skills("skills").build().check(SETTINGS);
        RunSecrets secrets = new RunSecrets();
        secrets.addFile(".npmrc", "token".getBytes(StandardCharsets.UTF_8), "npmrc");

        assertThatThrownBy(() -> NodeRun.prepare(checked, at(workspace, "step-2"), secrets, RunListener.SILENT))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("skills: ").hasMessageContaining("leads outside the workspace");
        assertThat(secretFolders()).isEmpty();
    }

    @Test
    void shouldHoldAProvidersKeyInTheGatewayByDefaultAndSayInStepTermsWhatItNeeds() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        CheckedRun checked = RunRequest.builder().agent("claude").prompt("Fix it").image("sbx-agent/busybox:1").network("allowlist")
                .allowHosts(List.of("llm.example")).build().check(HostSettings.of("docker", DockerEngine.BUSYBOX, List.of(), "allowlist", 120,
                        4, "8g", PolicyFields.NONE, null, "the test's settings"));
        RunSecrets held = new RunSecrets();
        held.addVariable("ANTHROPIC_API_KEY", "sk-ant-0123456789", "anthropic-key");
        held.holdKey("ANTHROPIC_API_KEY", true, null, null, "anthropic-key");

        assertThatThrownBy(() -> NodeRun.prepare(checked, at(workspace, "step-3"), held, RunListener.SILENT)).isInstanceOf(SpecException.class)
                .hasMessage("allowHosts: the key gateway of ANTHROPIC_API_KEY sends to api.anthropic.com:443, which is not allowed."
                        + " Add allowHosts api.anthropic.com:443, or keep the key in the sandbox (keyGateway: false).");

        RunSecrets kept = new RunSecrets();
        kept.addVariable("ANTHROPIC_API_KEY", "sk-ant-0123456789", "anthropic-key");
        kept.holdKey("ANTHROPIC_API_KEY", false, null, null, "anthropic-key");
        try (NodeRun run = NodeRun.prepare(checked, at(workspace, "step-4"), kept, RunListener.SILENT)) {
            assertThat(run).as("kept in the sandbox, as before the gateway").isNotNull();
        }
        RunSecrets half = new RunSecrets();
        half.addVariable("LLM_KEY", "k-0123456789", "llm-key");
        assertThatThrownBy(() -> half.holdKey("LLM_KEY", true, "api-key", null, "llm-key")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("gatewayUrlVariable: credentials 'llm-key' need both the header and the URL variable");
        assertThatThrownBy(() -> half.holdKey("LLM_KEY", false, "api-key", null, "llm-key")).hasMessageStartingWith("gatewayHeader: ");
    }
}
