package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.agent.CodexConfig;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step's agent fields on the controller (checked only) and on the node (where the skills folder is read). */
class AgentInputsTest {
    private static AgentInputs claude(String skills) {
        return new AgentInputs(AgentKind.CLAUDE, "Write the release notes", null, null, null, List.of(), null, null, skills);
    }

    @Test
    void shouldReadTheSkillsFolderOnTheNodeAndCoverItInTheAgentsWorkspace(@TempDir Path workspace) throws Exception {
        Path skill = Files.createDirectories(workspace.resolve(".ci-skills/release-notes"));
        Files.writeString(skill.resolve("SKILL.md"), "---\nname: release-notes\ndescription: Write release notes\n---\n");

        AgentCommandLine onController = claude(".ci-skills").commandLine(null);
        AgentCommandLine onNode = claude(".ci-skills").commandLine(workspace);

        assertThat(onController.argv()).doesNotContain("--plugin-dir");
        assertThat(onNode.argv()).containsSequence("--plugin-dir", AgentCommandLine.SKILLS_PLUGIN);
        assertThat(onNode.puts()).containsEntry(skill.resolve("SKILL.md"), AgentCommandLine.SKILLS_PLUGIN + "/skills/release-notes/SKILL.md");
        assertThat(onNode.hidden()).containsExactly(".ci-skills");
    }

    @Test
    void shouldGiveEveryAgentTheStepsSkillsWhereItReadsThem(@TempDir Path workspace) throws Exception {
        Path skill = Files.createDirectories(workspace.resolve(".ci-skills/release-notes"));
        Files.writeString(skill.resolve("SKILL.md"), "---\nname: release-notes\ndescription: Write release notes\n---\n");

        AgentCommandLine codex = new AgentInputs(AgentKind.CODEX, "Write the release notes", null, null, null, List.of(), null, null, ".ci-skills")
                .commandLine(workspace);

        assertThat(codex.puts()).containsEntry(skill.resolve("SKILL.md"), CodexConfig.SKILLS + "/release-notes/SKILL.md");
        assertThat(codex.hidden()).contains(".ci-skills");
    }

    @Test
    void shouldRefuseSkillsThatCannotCrossNamingTheField(@TempDir Path temp) throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        Files.createDirectories(temp.resolve("outside/a"));
        Files.writeString(temp.resolve("outside/a/SKILL.md"), "---\nname: a\n---\n");
        Files.createSymbolicLink(workspace.resolve("linked"), temp.resolve("outside"));
        Files.createDirectories(workspace.resolve("empty"));

        assertThatThrownBy(() -> claude("../outside").commandLine(null)).isInstanceOf(SpecException.class).hasMessageStartingWith("skills: ");
        assertThatThrownBy(() -> claude("linked").commandLine(workspace)).hasMessageStartingWith("skills: ")
                .hasMessageContaining("leads outside the workspace");
        assertThatThrownBy(() -> claude("empty").commandLine(workspace)).hasMessageStartingWith("skills: ").hasMessageContaining("holds no skill");
        assertThatThrownBy(() -> claude("missing").commandLine(workspace)).hasMessageStartingWith("skills: ");
        assertThatThrownBy(() -> new AgentInputs(AgentKind.COMMAND, null, null, null, null, List.of("true"), null, null, "empty")
                .commandLine(null)).hasMessageContaining("need an agent");
    }

    @Test
    void shouldNeverShowTheConfigurationsTextInItsName() {
        AgentInputs inputs = new AgentInputs(AgentKind.CLAUDE, "a secret plan", null, null, null, List.of(), "{\"mcpServers\":{}}", null,
                null);

        assertThat(inputs.toString()).doesNotContain("secret plan").doesNotContain("mcpServers").contains("mcpConfig=true");
    }
}
