package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.AgentRequest;
import io.jenkins.plugins.sbxagent.engine.agent.SessionChoice;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import io.jenkins.plugins.sbxagent.engine.request.CheckedRun;
import io.jenkins.plugins.sbxagent.engine.request.HostSettings;
import io.jenkins.plugins.sbxagent.engine.request.NodeRun;
import io.jenkins.plugins.sbxagent.engine.request.RunRequest;
import io.jenkins.plugins.sbxagent.engine.request.RunSecrets;
import io.jenkins.plugins.sbxagent.engine.session.SessionManifest;
import io.jenkins.plugins.sbxagent.engine.session.SessionSeed;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions that continue: the real Claude Code plans in one sandbox, and a later sandbox resumes or forks that session,
 * carried only as the first run's outputs hold it. The stand-in answers by the history a request carries, so a resumed
 * request that brings the plan's turns gets the script's later turns.
 */
class AgentSessionITest {
    private static final String FAKE_KEY = "sk-ant-stand-in-0123456789abcdef";

    @TempDir
    static Path shared;

    static ModelApiStandIn modelApi;

    @TempDir
    Path temp;

    @BeforeAll
    static void startTheModelApi() throws Exception {
        ModelApiStandIn.requireParts(ModelApiStandIn.IMAGE, ClaudeCodeITest.CLAUDE);
        modelApi = ModelApiStandIn.start("session", "plan-then-implement.json", shared);
    }

    @AfterAll
    static void stopTheModelApi() throws Exception {
        if (modelApi != null) {
            modelApi.close();
        }
    }

    private RunResult run(String name, Path workspace, String prompt, SessionSeed session) throws Exception {
        AgentRequest request = new AgentRequest(AgentKind.CLAUDE, prompt, null, 8, null, List.of(), null, null,
                session == null ? null : session.choice());
        return modelApi.run(Files.createDirectories(temp.resolve(name)), workspace, ModelApiStandIn.IMAGE, request,
                Map.of(ClaudeCodeITest.CLAUDE, "/usr/local/bin/claude"), Map.of("ANTHROPIC_BASE_URL", modelApi.url()),
                Map.entry("ANTHROPIC_API_KEY", FAKE_KEY), ProviderKeys.Choice.DEFAULT, Duration.ofMinutes(2), session);
    }

    @Test
    void shouldCarryTheSessionOutAndContinueItInALaterSandboxAsOneConversation() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);

        RunResult plan = run("plan", workspace, "Write the plan.", null);

        assertThat(plan.outcome()).as("%s; agent.log: %s", plan.error(), log(plan)).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(plan.changes()).extracting(Change::path).contains("plan.txt").doesNotContain("impl.txt");
        String id = plan.sessionId().orElseThrow();
        Path session = plan.outputs().resolve(SessionManifest.FOLDER);
        String transcript = "projects/-workspace/" + id + ".jsonl";
        // only the session crosses back: its transcript and the manifest, none of the agent's settings or caches
        try (Stream<Path> files = Files.walk(session)) {
            assertThat(files.filter(Files::isRegularFile).map(file -> session.relativize(file).toString()))
                    .containsExactlyInAnyOrder(SessionManifest.NAME, transcript);
        }
        assertThat(Files.readString(session.resolve(transcript))).contains("Write the plan.").doesNotContain(FAKE_KEY);
        assertThat(audit(plan).path("session").path("sessionId").asText()).isEqualTo(id);

        // a later sandbox resumes it: the model gets the plan's turns, and the session goes on under its id
        SessionSeed resume = SessionSeed.read(AgentKind.CLAUDE, plan.outputs(), false);
        RunResult implement = run("implement", workspace, "Now implement it.", resume);

        assertThat(implement.outcome()).as("%s; agent.log: %s", implement.error(), log(implement)).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(implement.changes()).extracting(Change::path).contains("impl.txt").doesNotContain("plan.txt");
        assertThat(implement.finalMessage()).contains("Implemented as planned.");
        assertThat(implement.sessionId()).contains(id);
        JsonNode from = audit(implement).path("sessionFrom");
        assertThat(from.path("sessionId").asText()).isEqualTo(id);
        assertThat(from.path("continues").asText()).isEqualTo("resume");
        assertThat(from.path("files").path(transcript).asText()).hasSize(64);
        assertThat(Files.readString(implement.outputs().resolve(SessionManifest.FOLDER).resolve(transcript)))
                .contains("Write the plan.").contains("Now implement it.");

        // a fork continues it under a new id and leaves the first run's session as it was
        String before = Files.readString(session.resolve(transcript));
        RunResult fork = run("fork", workspace, "Implement it another way.", SessionSeed.read(AgentKind.CLAUDE, plan.outputs(), true));

        assertThat(fork.outcome()).as("%s; agent.log: %s", fork.error(), log(fork)).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(fork.changes()).extracting(Change::path).contains("impl.txt");
        assertThat(fork.sessionId()).isPresent().get().isNotEqualTo(id);
        assertThat(audit(fork).path("sessionFrom").path("continues").asText()).isEqualTo("fork");
        assertThat(Files.readString(session.resolve(transcript))).isEqualTo(before);

        // what the first run left must be what a later one takes: a changed byte, another agent, a file the run did not leave
        Path tampered = copyOutputs(plan.outputs(), temp.resolve("tampered"));
        Files.writeString(tampered.resolve(SessionManifest.FOLDER).resolve(transcript), "{\"type\":\"user\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> SessionSeed.read(AgentKind.CLAUDE, tampered, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("is missing or not the file the run left");
        assertThatThrownBy(() -> SessionSeed.read(AgentKind.CODEX, plan.outputs(), false)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--resume-session: the session in " + plan.outputs() + " is claude's; this run's agent is codex.");
        assertThatThrownBy(() -> SessionSeed.read(AgentKind.GEMINI, plan.outputs(), false)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--resume-session: only claude's, codex's and opencode's sessions");
        Path renamed = copyOutputs(plan.outputs(), temp.resolve("renamed"));
        Path manifest = renamed.resolve(SessionManifest.FOLDER).resolve(SessionManifest.NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"projects/-workspace/", "\"projects/../../"));
        assertThatThrownBy(() -> SessionSeed.read(AgentKind.CLAUDE, renamed, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("does not name its transcript first");
        assertThatThrownBy(() -> SessionSeed.read(AgentKind.CLAUDE, workspace, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("holds no session/session.json");

        // the step's way: the session laid out on the node must be the one the step names, said in the step's terms
        HostSettings settings = HostSettings.of("docker", ModelApiStandIn.IMAGE, List.of(), "none", 120, 4, "8g", null, null, "the test's");
        String other = "00000000-0000-4000-8000-000000000000";
        CheckedRun checked = RunRequest.builder().agent("claude").prompt("Go on").resumeSession(other).build().check(settings);
        NodeRun.Placement at = new NodeRun.Placement(workspace, temp.resolve("out-step"), temp.resolve("work"), "tests/session", "step", "docker",
                Map.of(), "sbx", plan.outputs());
        assertThatThrownBy(() -> NodeRun.prepare(checked, at, new RunSecrets(), RunListener.SILENT)).isInstanceOf(SpecException.class)
                .hasMessage("resumeSession: the archived session is " + id + ", not " + other + ". Continue the session of the run that named it.");
    }

    @Test
    void shouldCarryACodexSessionAndItsForksParentToTheNextSandbox() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        try (ModelApiStandIn openAi = ModelApiStandIn.start("codex-session", "codex-plan-then-implement.json", temp)) {
            RunResult plan = codex(openAi, "plan", workspace, "Write the plan.", null);

            assertThat(plan.outcome()).as("%s; agent.log: %s", plan.error(), log(plan)).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(plan.changes()).extracting(Change::path).contains("plan.txt").doesNotContain("impl.txt");
            String id = plan.sessionId().orElseThrow();
            SessionManifest kept = manifest(plan);
            assertThat(kept.files()).singleElement().satisfies(file -> assertThat(file.path()).startsWith("sessions/").endsWith("-" + id + ".jsonl"));

            // a fork in the next sandbox: the plan's turns reach the model, under a new thread
            RunResult fork = codex(openAi, "fork", workspace, "Now implement it.", SessionSeed.read(AgentKind.CODEX, plan.outputs(), true));

            assertThat(fork.outcome()).as("%s; agent.log: %s", fork.error(), log(fork)).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(fork.changes()).extracting(Change::path).contains("impl.txt").doesNotContain("plan.txt");
            assertThat(fork.finalMessage()).contains("Implemented as planned.");
            String forked = fork.sessionId().orElseThrow();
            assertThat(forked).isNotEqualTo(id);
            // a fork's rollout holds only what is new: its parent's crosses back with it, and a later run resumes the fork
            assertThat(manifest(fork).files()).extracting(SessionManifest.File::path)
                    .satisfiesExactly(first -> assertThat(first).endsWith("-" + forked + ".jsonl"), second -> assertThat(second).endsWith("-" + id + ".jsonl"));
            RunResult again = codex(openAi, "again", workspace, "Check it.", SessionSeed.read(AgentKind.CODEX, fork.outputs(), false));

            assertThat(again.outcome()).as("%s; agent.log: %s", again.error(), log(again)).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(again.sessionId()).contains(forked);
            assertThat(audit(again).path("sessionFrom").path("continues").asText()).isEqualTo("resume");
        }
    }

    @Test
    void shouldCarryAnOpenCodeSessionAsACheckedDatabaseAndResumeIt() throws Exception {
        Path workspace = Workspaces.project(temp.resolve("ws"));
        Workspaces.chownToAgent(workspace);
        try (ModelApiStandIn chat = ModelApiStandIn.start("opencode-session", "opencode-plan-then-implement.json", temp)) {
            RunResult plan = opencode(chat, "plan", workspace, "Write the plan.", null);

            assertThat(plan.outcome()).as("%s; agent.log: %s", plan.error(), log(plan)).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(plan.changes()).extracting(Change::path).contains("plan.txt").doesNotContain("impl.txt");
            String id = plan.sessionId().orElseThrow();
            assertThat(id).matches("ses_[0-9A-Za-z]{26}");
            assertThat(manifest(plan).files()).extracting(SessionManifest.File::path).containsExactly("opencode/opencode.db");

            RunResult implement = opencode(chat, "implement", workspace, "Now implement it.", SessionSeed.read(AgentKind.OPENCODE, plan.outputs(), false));

            assertThat(implement.outcome()).as("%s; agent.log: %s", implement.error(), log(implement)).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(implement.changes()).extracting(Change::path).contains("impl.txt").doesNotContain("plan.txt");
            assertThat(implement.finalMessage()).contains("Implemented as planned.");
            assertThat(implement.sessionId()).contains(id);

            // a database whose session works elsewhere would run the resumed agent's tools there: refused
            Path moved = copyOutputs(plan.outputs(), temp.resolve("moved"));
            Path database = moved.resolve(SessionManifest.FOLDER).resolve("opencode/opencode.db");
            try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
                    java.sql.Statement update = db.createStatement()) {
                update.executeUpdate("UPDATE session SET directory = '/etc'");
            }
            Path manifest = moved.resolve(SessionManifest.FOLDER).resolve(SessionManifest.NAME);
            String text = Files.readString(manifest);
            Files.writeString(manifest, text.replaceAll("\"size\" : \\d+", "\"size\" : " + Files.size(database))
                    .replaceAll("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : \"" + io.jenkins.plugins.sbxagent.engine.change.Entries.sha256(database) + "\""));
            assertThatThrownBy(() -> SessionSeed.read(AgentKind.OPENCODE, moved, false)).isInstanceOf(SpecException.class)
                    .hasMessageContaining("names a session working outside /workspace");
        }
    }

    private RunResult opencode(ModelApiStandIn chat, String name, Path workspace, String prompt, SessionSeed session) throws Exception {
        AgentRequest request = new AgentRequest(AgentKind.OPENCODE, prompt, null, 8, null, List.of(),
                new io.jenkins.plugins.sbxagent.engine.agent.AgentConfiguration(null, io.jenkins.plugins.sbxagent.engine.agent.AgentSettings.parse(
                        OpenCodeITest.providerConfiguration(), "--agent-settings"), null), null, session == null ? null : session.choice());
        return chat.run(Files.createDirectories(temp.resolve(name)), workspace, ModelApiStandIn.IMAGE, request,
                Map.of(OpenCodeITest.OPENCODE, "/usr/local/bin/opencode"), Map.of("STAND_IN_BASE_URL", chat.url() + "/v1"),
                Map.entry("STAND_IN_API_KEY", "sk-stand-in-0123456789abcdef"),
                new ProviderKeys.Choice(java.util.Set.of(), List.of(new ProviderKeys.Custom("STAND_IN_API_KEY", "Authorization", "STAND_IN_BASE_URL"))),
                Duration.ofMinutes(2), session);
    }

    private RunResult codex(ModelApiStandIn openAi, String name, Path workspace, String prompt, SessionSeed session) throws Exception {
        AgentRequest request = new AgentRequest(AgentKind.CODEX, prompt, "gpt-5.5", 8, null, List.of(), null, null,
                session == null ? null : session.choice());
        return openAi.run(Files.createDirectories(temp.resolve(name)), workspace, ModelApiStandIn.IMAGE, request,
                Map.of(CodexITest.CODEX, "/usr/local/bin/codex"), Map.of("OPENAI_BASE_URL", openAi.url() + "/v1"),
                Map.entry("CODEX_API_KEY", "sk-proj-stand-in-0123456789abcdef"), ProviderKeys.Choice.DEFAULT, Duration.ofMinutes(2), session);
    }

    private static SessionManifest manifest(RunResult result) throws Exception {
        JsonNode root = new ObjectMapper().readTree(result.outputs().resolve(SessionManifest.FOLDER).resolve(SessionManifest.NAME).toFile());
        List<SessionManifest.File> files = new java.util.ArrayList<>();
        root.path("files").forEach(file -> files.add(new SessionManifest.File(file.path("path").asText(), file.path("size").asLong(),
                file.path("sha256").asText())));
        return new SessionManifest(root.path("agent").asText(), root.path("sessionId").asText(), files);
    }

    private static JsonNode audit(RunResult result) throws Exception {
        return new ObjectMapper().readTree(result.outputs().resolve(RunOutputs.AUDIT).toFile());
    }

    private static String log(RunResult result) throws Exception {
        return Files.readString(result.outputs().resolve(RunOutputs.AGENT_LOG));
    }

    private static Path copyOutputs(Path outputs, Path copy) throws Exception {
        try (Stream<Path> files = Files.walk(outputs)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(outputs.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }
}
