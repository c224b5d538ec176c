package io.jenkins.plugins.sbxagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.sbxagent.engine.agent.AgentCommandLine;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the step's agent fields become the command the sandbox runs; no Jenkins needed. */
class SbxAgentRunnerCommandLineTest {
    @Test
    void shouldRunTheCommandAsGivenWhenNoAgentIsNamed() throws Exception {
        SbxAgentParameters parameters = new SbxAgentParameters();
        parameters.setCommand(List.of("sh", "-c", "make fix"));

        AgentCommandLine line = SbxAgentRunner.commandLine(AgentKind.COMMAND, parameters);

        assertThat(line.argv()).containsExactly("sh", "-c", "make fix");
        assertThat(line.environment()).isEmpty();
    }

    @Test
    void shouldBuildTheAgentsHeadlessCommandLineWithItsBudgetsAndExtraArguments() throws Exception {
        SbxAgentParameters parameters = new SbxAgentParameters();
        parameters.setPrompt("Fix the failing test");
        parameters.setModel("a-model");
        parameters.setMaxTurns(20);
        parameters.setCommand(List.of("--add-dir", "/data"));

        AgentCommandLine line = SbxAgentRunner.commandLine(AgentKind.CLAUDE, parameters);

        assertThat(line.argv()).startsWith("claude", "-p", "Fix the failing test").containsSequence("--model", "a-model")
                .containsSequence("--max-turns", "20").endsWith("--add-dir", "/data");
        assertThat(line.environment()).containsEntry("DISABLE_TELEMETRY", "1");
    }

    @Test
    void shouldNameTheStepsFieldsWhenTheAgentFieldsDoNotFit() {
        SbxAgentParameters noPrompt = new SbxAgentParameters();
        assertThatThrownBy(() -> SbxAgentRunner.commandLine(AgentKind.CLAUDE, noPrompt)).isInstanceOf(AbortException.class)
                .hasMessageContaining("prompt").hasMessageNotContaining("--prompt");

        SbxAgentParameters costOfAnAgentThatReportsNone = new SbxAgentParameters();
        costOfAnAgentThatReportsNone.setPrompt("Fix it");
        costOfAnAgentThatReportsNone.setMaxCostUsd(2.5);
        assertThatThrownBy(() -> SbxAgentRunner.commandLine(AgentKind.CODEX, costOfAnAgentThatReportsNone)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("sbxAgent: maxCostUsd: ").hasMessageContaining("maxTurns").hasMessageNotContaining("--");

        SbxAgentParameters promptWithoutAgent = new SbxAgentParameters();
        promptWithoutAgent.setCommand(List.of("true"));
        promptWithoutAgent.setPrompt("Fix it");
        assertThatThrownBy(() -> SbxAgentRunner.commandLine(AgentKind.COMMAND, promptWithoutAgent)).isInstanceOf(AbortException.class)
                .hasMessageContaining("need an agent");

        assertThatThrownBy(() -> SbxAgentRunner.commandLine(AgentKind.COMMAND, new SbxAgentParameters())).isInstanceOf(AbortException.class)
                .hasMessageContaining("no command given");
    }

    @Test
    void shouldGenerateTheMcpConfigurationTheStepGivesAndRefuseOneThatCannotWork() throws Exception {
        SbxAgentParameters parameters = new SbxAgentParameters();
        parameters.setPrompt("Fix it");
        parameters.setMcpConfig("{\"mcpServers\":{\"docs\":{\"command\":\"docs-server\"}}}");

        AgentCommandLine line = SbxAgentRunner.commandLine(AgentKind.CLAUDE, parameters);

        assertThat(line.argv()).containsSequence("--mcp-config", AgentCommandLine.MCP_CONFIG_TARGET);
        assertThat(line.generated()).containsEntry(AgentCommandLine.MCP_CONFIG_TARGET, parameters.getMcpConfig());

        parameters.setMcpConfig("{\"servers\":{}}");
        assertThatThrownBy(() -> SbxAgentRunner.commandLine(AgentKind.CLAUDE, parameters)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("sbxAgent: mcpConfig: ").hasMessageContaining("mcpServers");
        parameters.setMcpConfig("{\"mcpServers\":{}}");
        assertThatThrownBy(() -> SbxAgentRunner.commandLine(AgentKind.CODEX, parameters)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("sbxAgent: mcpConfig: ").hasMessageContaining("agent: 'claude'").hasMessageNotContaining("--");
    }

    @Test
    void shouldTakePlainVariablesAsNameEqualsValueAndRefuseOneTheAgentNeeds() throws Exception {
        assertThat(SbxAgentRunner.plainEnvironment(List.of("GOOGLE_GEMINI_BASE_URL=https://gateway.example", "EMPTY=")))
                .containsExactly(java.util.Map.entry("GOOGLE_GEMINI_BASE_URL", "https://gateway.example"), java.util.Map.entry("EMPTY", ""));
        assertThatThrownBy(() -> SbxAgentRunner.plainEnvironment(List.of("NOVALUE"))).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("sbxAgent: environment: 'NOVALUE' is not NAME=value");

        SbxAgentParameters parameters = new SbxAgentParameters();
        parameters.setPrompt("Fix it");
        AgentCommandLine line = SbxAgentRunner.commandLine(AgentKind.OPENCODE, parameters);
        assertThatThrownBy(() -> line.refuseOverrides(List.of("OPENCODE_DISABLE_PROJECT_CONFIG"), "environment"))
                .hasMessageStartingWith("environment: OPENCODE_DISABLE_PROJECT_CONFIG is set by sbx-agent");
    }
}
