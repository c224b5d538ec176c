package io.jenkins.plugins.sbxagent.model;

import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.review.ConversationFeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.POST;

/**
 * The conversation of an sbx-agent run while it goes: a page that appends the agent's messages, tool calls and
 * outputs as its events arrive on the node, the way the console follows a build. When the run ends the page says so,
 * and the run's own page (with the whole review) takes over.
 */
public final class SbxLiveConversation extends RunBoundAction {
    private final int index;
    private final AgentKind agent;
    /** The run's events.jsonl on the node; gone once the run has ended or Jenkins restarted. */
    private transient volatile FilePath events;

    public SbxLiveConversation(int index, AgentKind agent, FilePath events) {
        this.index = index;
        this.agent = agent;
        this.events = events;
    }

    /** Shown in the side panel only while the run goes. */
    @Override
    public String getIconFileName() {
        return isFollowing() ? "symbol-chatbubbles-outline plugin-ionicons-api" : null;
    }

    @Override
    public String getDisplayName() {
        return numbered("sbx-agent", " #", index) + ": conversation";
    }

    @Override
    public String getUrlName() {
        return numbered("sbx-agent-live", "-", index);
    }

    /** Whether the run still goes, and its events can be followed. */
    public boolean isFollowing() {
        return events != null;
    }

    /** The run has ended: the page stops following. */
    public void ended() {
        events = null;
    }

    /**
     * The entries that arrived since byte {@code start} of the events, as Jenkins' progressive text asks for them (the
     * {@code X-Text-Size} header says where the next request starts, {@code X-More-Data} whether to ask again).
     */
    @POST
    public void doProgressiveHtml(StaplerRequest2 request, StaplerResponse2 response) throws IOException, InterruptedException {
        getRun().checkPermission(Run.ARTIFACTS);
        long start = parse(request.getParameter("start"));
        FilePath file = events;
        // one step of events at most: the headers go first, so the fragment is made before it is sent
        ByteArrayOutputStream fragment = new ByteArrayOutputStream();
        long read = 0;
        // a file not there yet has length 0
        if (file != null && file.length() > start) {
            try (InputStream in = file.readFromOffset(start)) {
                read = ConversationFeed.write(agent, in, fragment);
            }
        }
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("X-Text-Size", Long.toString(start + read));
        response.setHeader("X-More-Data", Boolean.toString(events != null || read > 0));
        try (OutputStream out = response.getOutputStream()) {
            fragment.writeTo(out);
        }
    }

    private static long parse(String start) {
        try {
            return start == null ? 0 : Math.max(0, Long.parseLong(start));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
