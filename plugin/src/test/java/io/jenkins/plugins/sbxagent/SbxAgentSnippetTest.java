package io.jenkins.plugins.sbxagent;

import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.createDockerAgent;
import static io.jenkins.plugins.sbxagent.SbxAgentTestSupport.pipelineJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Snippet Generator, fed what the sbxAgent form sends: it writes only the fields that were set,
 * lists as lists, and the call it writes runs.
 */
@WithJenkins
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SbxAgentSnippetTest {
    /** The form as a browser sends it: every field, most left empty, lists one entry per line. */
    private static JSONObject form(String command, String network, String allowHosts, String maxTurns) {
        JSONObject form = new JSONObject();
        form.put("stapler-class", SbxAgentStep.class.getName());
        for (String field : List.of("agent", "prompt", "environment", "model", "mcpConfig", "agentSettings", "skills", "maxCostUsd",
                "timeout", "workspaceMode", "cpus", "memory", "backend", "registryUrl", "registryCredentialsId", "toolName")) {
            form.put(field, "");
        }
        form.put("image", SbxAgentTestSupport.IMAGE);
        form.put("command", command);
        form.put("network", network);
        form.put("allowHosts", allowHosts);
        form.put("maxTurns", maxTurns);
        form.put("apply", false);
        return form;
    }

    private static String generate(JenkinsRule r, JSONObject form) throws Exception {
        WebRequest request = new WebRequest(r.getURL().toURI().resolve("pipeline-syntax/generateSnippet").toURL(), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("json", form.toString()),
                new NameValuePair(r.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(), r.jenkins.getCrumbIssuer().getCrumb())));
        return r.createWebClient().getPage(request).getWebResponse().getContentAsString().trim();
    }

    @Test
    void shouldWriteOnlyTheFieldsThatWereSetWithListsAsLists(JenkinsRule r) throws Exception {
        String plain = generate(r, form("sh\n-c\necho hello > hello.txt", "", "", ""));
        String allowlisted = generate(r, form("true", "allowlist", "api.anthropic.com\n\nexample.org:8443\n", "20"));

        assertThat(plain).startsWith("sbxAgent").contains("command: ['sh', '-c', 'echo hello > hello.txt']")
                .contains("image: '" + SbxAgentTestSupport.IMAGE + "'");
        for (String unset : List.of("backend", "network", "timeout", "maxTurns", "workspaceMode", "cpus", "apply", "agent")) {
            assertThat(plain).as("an untouched field writes nothing").doesNotContain(unset + ":");
        }
        assertThat(allowlisted).contains("network: 'allowlist'").contains("allowHosts: ['api.anthropic.com', 'example.org:8443']")
                .contains("maxTurns: 20");
    }

    @Test
    void shouldGenerateACallThatRuns(JenkinsRule r) throws Exception {
        SbxAgentTestSupport.requireDockerAndImage();
        createDockerAgent(r);
        String call = generate(r, form("sh\n-c\necho hello > hello.txt", "", "", ""));

        WorkflowRun b = r.buildAndAssertSuccess(pipelineJob(r, "generated", "node('docker') {\n  def r = " + call.replaceFirst("^sbxAgent ",
                "sbxAgent(") + ")\n  echo \"decision=${r.decision} changes=${r.changes}\"\n}\n"));

        r.assertLogContains("decision=pass changes=1", b);
    }
}
