package io.jenkins.plugins.sbxagent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.SbxPolicy;
import java.io.File;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The administrator's settings: the System configuration form keeps them, and they persist. */
@WithJenkins
class SbxAgentGlobalConfigurationTest {

    @Test
    void configRoundTrip(JenkinsRule r) throws Exception {
        SbxAgentGlobalConfiguration config = SbxAgentGlobalConfiguration.get();
        config.setDefaultImage("registry.example/agents/claude:1");
        config.setAllowedImages(List.of("registry.example/agents/*", "sbx-agent/*"));
        config.setWidestNetwork("open");
        config.setMaxTimeoutMinutes(45);
        config.setMaxCpus(3.5);
        config.setMaxMemory("6g");

        HtmlPage page = r.createWebClient().goTo("configure");
        for (String field : List.of("defaultImage", "widestNetwork", "maxTimeoutMinutes", "maxCpus", "maxMemory")) {
            assertThat(page.getElementsByName("_." + field))
                    .as("a form field for '%s' on Manage Jenkins » System (is SbxAgentGlobalConfiguration/config.jelly there?)", field)
                    .isNotEmpty();
        }

        r.configRoundtrip();

        SbxAgentGlobalConfiguration after = SbxAgentGlobalConfiguration.get();
        assertThat(after.getDefaultBackend()).isEqualTo("docker");
        assertThat(after.getDefaultImage()).isEqualTo("registry.example/agents/claude:1");
        assertThat(after.getAllowedImages()).containsExactly("registry.example/agents/*", "sbx-agent/*");
        assertThat(after.getWidestNetwork()).isEqualTo("open");
        assertThat(after.getMaxTimeoutMinutes()).isEqualTo(45);
        assertThat(after.getMaxCpus()).isEqualTo(3.5);
        assertThat(after.getMaxMemory()).isEqualTo("6g");
        assertThat(after.getExtraRules()).isNull();
        assertThat(after.getDockerToolName()).isNull();
    }

    @Test
    void configRoundTripOfTheDefaultPolicy(JenkinsRule r) throws Exception {
        SbxPolicy policy = new SbxPolicy();
        policy.setFailOn("high");
        policy.setReviewOn("medium");
        policy.setUnstableOn("low");
        policy.setMaxChangedFiles(50);
        // maxChangedLines stays empty: it must come back empty (the strict default), not as 0 (no cap)
        policy.setProtectedPaths(List.of("Jenkinsfile", ".github/workflows/**"));
        policy.setAllowedPaths(List.of("src/**", "docs/**"));
        SbxAgentGlobalConfiguration.get().setDefaultPolicy(policy);

        HtmlPage page = r.createWebClient().goTo("configure");
        assertThat(page.getElementsByName("_.failOn"))
                .as("a form field for the default policy's 'failOn' on Manage Jenkins » System (is the policy in SbxAgentGlobalConfiguration/config.jelly?)")
                .isNotEmpty();

        r.configRoundtrip();

        SbxPolicy after = SbxAgentGlobalConfiguration.get().getDefaultPolicy();
        assertThat(after).as("the default policy after the form was saved").isNotNull();
        assertThat(after.getProtectedPaths()).as("the administrator's protected paths after the form was saved")
                .containsExactly("Jenkinsfile", ".github/workflows/**");
        assertThat(after.getAllowedPaths()).as("the administrator's allowed paths after the form was saved")
                .containsExactly("src/**", "docs/**");
        assertThat(after.getMaxChangedLines()).as("an empty cap after the form was saved").isNull();
        assertThat(after).usingRecursiveComparison().isEqualTo(policy);
    }

    @Test
    void shouldKeepTheSettingsAsTheyWereWhenTheFormHoldsOneTheEngineRefuses(JenkinsRule r) throws Exception {
        SbxAgentGlobalConfiguration config = SbxAgentGlobalConfiguration.get();
        config.setMaxMemory("8g");
        config.setDefaultImage("registry.example/agents/claude:1");
        JenkinsRule.WebClient wc = r.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        HtmlPage page = wc.goTo("configure");
        org.htmlunit.html.HtmlForm form = page.getFormByName("config");
        form.getInputByName("_.maxMemory").setValue("lots");
        form.getInputByName("_.defaultImage").setValue("registry.example/agents/other:2");

        String answer = r.submit(form).getWebResponse().getContentAsString();

        assertThat(answer).contains("maxMemory:").contains("is not a size");
        assertThat(config.getMaxMemory()).as("nothing of a refused form is kept").isEqualTo("8g");
        assertThat(config.getDefaultImage()).isEqualTo("registry.example/agents/claude:1");
        assertThat(new SbxAgentGlobalConfiguration().getMaxMemory()).as("nor saved").isEqualTo("8g");
    }

    @Test
    void shouldKeepWhatTheSettersSavedAcrossALoad(JenkinsRule r) throws Exception {
        SbxAgentGlobalConfiguration config = SbxAgentGlobalConfiguration.get();
        config.setDefaultImage("registry.example/agents/codex:2");
        config.setAllowedImages(List.of(" registry.example/* ", "", "sbx-agent/busybox:1"));
        config.setWidestNetwork("OPEN");
        config.setMaxTimeoutMinutes(15);
        config.setMaxCpus(1.5);
        config.setMaxMemory("2g");
        config.setDockerToolName("docker-26");
        config.setExtraRules("version: 1\nrules: []\n");
        SbxPolicy policy = new SbxPolicy();
        policy.setFailOn("high");
        policy.setProtectedPaths(List.of("Jenkinsfile", ".github/**"));
        config.setDefaultPolicy(policy);

        assertThat(new File(r.jenkins.getRootDir(), SbxAgentGlobalConfiguration.class.getName() + ".xml"))
                .as("the settings file in JENKINS_HOME").isFile();

        // a fresh instance reads only what was saved
        SbxAgentGlobalConfiguration reloaded = new SbxAgentGlobalConfiguration();
        assertSaved(reloaded, policy);

        // and load() on the live instance brings back the same
        config.load();
        assertSaved(config, policy);
    }

    private static void assertSaved(SbxAgentGlobalConfiguration config, SbxPolicy policy) {
        assertThat(config.getDefaultBackend()).isEqualTo("docker");
        assertThat(config.getDefaultImage()).isEqualTo("registry.example/agents/codex:2");
        assertThat(config.getAllowedImages()).as("allowed images, trimmed, blanks dropped")
                .containsExactly("registry.example/*", "sbx-agent/busybox:1");
        assertThat(config.getWidestNetwork()).isEqualTo("open");
        assertThat(config.getMaxTimeoutMinutes()).isEqualTo(15);
        assertThat(config.getMaxCpus()).isEqualTo(1.5);
        assertThat(config.getMaxMemory()).isEqualTo("2g");
        assertThat(config.getDockerToolName()).isEqualTo("docker-26");
        assertThat(config.getExtraRules()).as("extra rules, trimmed").isEqualTo("version: 1\nrules: []");
        assertThat(config.getDefaultPolicy()).usingRecursiveComparison().isEqualTo(policy);
        assertThat(config.hostSettings().limits().allowedImages()).containsExactly("registry.example/*", "sbx-agent/busybox:1");
    }
}
