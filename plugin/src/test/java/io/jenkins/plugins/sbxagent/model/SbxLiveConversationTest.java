package io.jenkins.plugins.sbxagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The live conversation page, as Jenkins' progressive text asks it: each request gets the entries that arrived since
 * the last, escaped, and where to ask next; once the run has ended it stops. The events file is one the test writes as
 * an agent would (a test double for the node's file, which no agent run here writes slowly enough to watch).
 */
@WithJenkins
class SbxLiveConversationTest {
    private static final String EVENT = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}}\n";

    @TempDir
    Path temp;

    private static WebResponse poll(JenkinsRule r, JenkinsRule.WebClient web, FreeStyleBuild b, long start) throws Exception {
        WebRequest request = new WebRequest(r.getURL().toURI().resolve(b.getUrl() + "sbx-agent-live/progressiveHtml").toURL(), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("start", Long.toString(start))));
        return web.getPage(web.addCrumb(request)).getWebResponse();
    }

    @Test
    void shouldAppendWhatArrivedSinceTheLastRequestUntilTheRunEnds(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("live");
        FreeStyleBuild b = r.buildAndAssertSuccess(p);
        Path events = Files.writeString(temp.resolve("events.jsonl"), EVENT.formatted("first <img src=x>"));
        SbxLiveConversation live = new SbxLiveConversation(1, AgentKind.CLAUDE, new FilePath(events.toFile()));
        b.addAction(live);
        JenkinsRule.WebClient web = r.createWebClient();

        assertThat(web.goTo(b.getUrl() + "sbx-agent-live/").asXml()).contains("progressiveText-holder").contains("sbx-conversation");
        WebResponse one = poll(r, web, b, 0);
        Files.writeString(events, EVENT.formatted("second") + "{\"type\":\"assis", StandardOpenOption.APPEND);
        long next = Long.parseLong(one.getResponseHeaderValue("X-Text-Size"));
        WebResponse two = poll(r, web, b, next);
        live.ended();
        long last = Long.parseLong(two.getResponseHeaderValue("X-Text-Size"));
        WebResponse three = poll(r, web, b, last);

        assertThat(one.getContentAsString()).contains("first &lt;img src=x&gt;").doesNotContain("<img");
        assertThat(one.getResponseHeaderValue("X-More-Data")).isEqualTo("true");
        assertThat(two.getContentAsString()).contains("second").doesNotContain("first");
        assertThat(last).as("the line still being written is left for later").isEqualTo(Files.size(events) - "{\"type\":\"assis".length());
        assertThat(three.getContentAsString()).isEmpty();
        assertThat(three.getResponseHeaderValue("X-More-Data")).isEqualTo("false");
        assertThat(live.getIconFileName()).as("off the side panel once the run has ended").isNull();
        assertThat(web.goTo(b.getUrl() + "sbx-agent-live/").asNormalizedText()).contains("The run has ended");
    }
}
