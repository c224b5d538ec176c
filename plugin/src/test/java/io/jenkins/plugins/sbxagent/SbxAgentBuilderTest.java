package io.jenkins.plugins.sbxagent;

import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.IMAGE;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.LABEL;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.OUTPUTS;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.artifactFolder;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.artifactPaths;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.containersOf;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.createDockerAgent;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.readArtifact;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.sbxagent.credentials.SbxSecretEnv;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle build step: the sbxAgent step's form in a freestyle job, and a build on an agent with a Docker engine. */
@WithJenkins
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SbxAgentBuilderTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static SbxAgentStep step() {
        SbxAgentStep step = new SbxAgentStep();
        step.setImage(IMAGE);
        step.setCommand(List.of("sh", "-c", "echo hello > hello.txt"));
        return step;
    }

    @Test
    void configRoundTrip(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("round-trip");
        SbxAgentStep step = step();
        step.setTimeout(45);
        step.setNetwork("allowlist");
        step.setAllowHosts(List.of("api.anthropic.com", "example.org:8443"));
        step.setEnvironment(List.of("GREETING=hello world"));
        step.setApply(true);
        step.setCpus(1.5);
        step.setMemory("2g");
        SbxAgentBuilder before = new SbxAgentBuilder(step);
        p.getBuildersList().add(before);

        r.configRoundtrip(p);

        SbxAgentBuilder after = p.getBuildersList().get(SbxAgentBuilder.class);
        assertThat(after).as("the builder after the form was saved").isNotNull().isNotSameAs(before);
        assertThat(after.getStep().getCommand()).as("one argument per line, spaces kept").containsExactly("sh", "-c", "echo hello > hello.txt");
        assertThat(after.getStep().getMaxTurns()).as("an empty number stays unset, never 0").isNull();
        assertThat(after.getStep().getBackend()).as("an untouched drop-down writes no default").isNull();
        r.assertEqualDataBoundBeans(before, after);
    }

    @Test
    void configRoundTripWithCredentialsAndPolicy(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("round-trip-nested");
        SbxAgentStep step = step();
        SbxSecretEnv kept = new SbxSecretEnv("anthropic-key", "ANTHROPIC_API_KEY");
        kept.setKeyGateway(false);
        SbxSecretEnv custom = new SbxSecretEnv("llm-key", "LLM_KEY");
        custom.setGatewayHeader("api-key");
        custom.setGatewayUrlVariable("LLM_BASE_URL");
        step.setCredentials(List.of(new SbxSecretEnv("agent-key", "API_KEY"), kept, custom));
        step.setOutputSchema("{\"type\": \"object\", \"required\": [\"verdict\"]}");
        SbxPolicy policy = new SbxPolicy();
        policy.setFailOn("high");
        policy.setReviewOn("medium");
        policy.setProtectedPaths(List.of("Jenkinsfile", ".github/**"));
        policy.setAllowedPaths(List.of("src/**"));
        // the caps stay empty: an empty cap must stay empty (the strict default), not become 0 (no cap)
        step.setPolicy(policy);
        SbxAgentBuilder before = new SbxAgentBuilder(step);
        p.getBuildersList().add(before);

        r.configRoundtrip(p);

        SbxAgentStep after = p.getBuildersList().get(SbxAgentBuilder.class).getStep();
        assertThat(after.getPolicy()).as("policy").isNotNull();
        assertThat(after.getPolicy().getFailOn()).isEqualTo("high");
        assertThat(after.getPolicy().getReviewOn()).isEqualTo("medium");
        assertThat(after.getPolicy().getProtectedPaths()).containsExactly("Jenkinsfile", ".github/**");
        assertThat(after.getPolicy().getAllowedPaths()).containsExactly("src/**");
        assertThat(after.getPolicy().getMaxChangedFiles()).as("an empty cap").isNull();
        assertThat(after.getPolicy().getMaxChangedLines()).as("an empty cap").isNull();
        assertThat(after.getCredentials()).hasSize(3).first().isInstanceOfSatisfying(SbxSecretEnv.class, binding -> {
            assertThat(binding.getCredentialsId()).isEqualTo("agent-key");
            assertThat(binding.getVariable()).isEqualTo("API_KEY");
            assertThat(binding.isKeyGateway()).as("held in the gateway by default").isTrue();
        });
        assertThat(((SbxSecretEnv) after.getCredentials().get(1)).isKeyGateway()).isFalse();
        assertThat(((SbxSecretEnv) after.getCredentials().get(2)).getGatewayHeader()).isEqualTo("api-key");
        assertThat(after.getOutputSchema()).isEqualTo("{\"type\": \"object\", \"required\": [\"verdict\"]}");
        r.assertEqualDataBoundBeans(before, p.getBuildersList().get(SbxAgentBuilder.class));
    }

    @Test
    void shouldStayOutOfThePipelineStepList(JenkinsRule r) {
        assertThat(StepDescriptor.all()).extracting(StepDescriptor::getFunctionName).contains("sbxAgent").doesNotContain("sbxAgentBuild");
        assertThat(r.jenkins.getDescriptorByType(org.jenkinsci.plugins.workflow.steps.CoreStep.DescriptorImpl.class)).isNotNull();
        assertThat(jenkins.tasks.SimpleBuildStep.class.isAssignableFrom(SbxAgentBuilder.class))
                .as("the 'step' meta-step lists SimpleBuildSteps only").isFalse();
    }

    @Test
    void shouldRunTheAgentInAFreestyleBuildOnTheDockerAgentAndArchiveItsOutputs(JenkinsRule r) throws Exception {
        SbxAgentTestSupport.requireDockerAndImage();
        createDockerAgent(r);
        FreeStyleProject p = r.createFreeStyleProject("freestyle");
        p.setAssignedLabel(r.jenkins.getLabel(LABEL));
        p.getBuildersList().add(new SbxAgentBuilder(step()));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        String folder = artifactFolder(b, 1);
        r.assertLogContains("Building remotely on docker-agent", b);
        r.assertLogContains("sbxAgent: risk none, 0 findings, 1 changed entry: decision pass (see " + folder + "/risk-summary.md)", b);
        assertThat(artifactPaths(b)).as("archived artifacts")
                .contains(OUTPUTS.stream().map(name -> folder + "/" + name).toArray(String[]::new));
        assertThat(readArtifact(b, folder + "/diff.patch")).contains("hello.txt").contains("+hello");
        SbxAgentAction action = b.getAction(SbxAgentAction.class);
        assertThat(action).isNotNull();
        assertThat(action.getReport().getDecision()).isEqualTo("pass");
        assertThat(action.getReport().getOutcome()).isEqualTo("succeeded");
        assertThat(action.getReport().isApplied()).isFalse();
        assertThat(containersOf("freestyle")).as("containers left by a finished run").isEmpty();
    }
}
