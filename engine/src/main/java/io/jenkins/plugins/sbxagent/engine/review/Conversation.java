package io.jenkins.plugins.sbxagent.engine.review;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What an agent's event says, as a reviewer reads it: its messages, each tool call with its input,
 * the call's output, and errors. One event at a time, in each agent's own format; an event of a kind
 * not listed here says nothing.
 */
final class Conversation {
    /**
     * One entry of the conversation.
     *
     * @param kind  message, call, output, error or result: how the page shows it
     * @param label who or what (the tool's name, "agent", "error")
     * @param text  the text, as the agent wrote it (the page escapes it)
     */
    record Entry(String kind, String label, String text) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private Conversation() {
    }

    /** The entries of one line of events.jsonl: none for a line that is no JSON event. */
    static List<Entry> entries(AgentKind agent, byte[] line) {
        JsonNode event;
        try {
            event = JsonTrees.read(JSON, new ByteArrayInputStream(line));
        } catch (IOException notJson) {
            return List.of();
        }
        return event == null ? List.of() : entries(agent, event);
    }

    /** What stands for an event too long to show: events.jsonl has it. */
    static Entry tooLong() {
        return new Entry("note", "event", "an event of over " + RunFactsHtml.EVENT_CHARS + " bytes, left out here ("
                + io.jenkins.plugins.sbxagent.engine.publish.RunOutputs.EVENTS + " has it)");
    }

    static List<Entry> entries(AgentKind agent, JsonNode event) {
        List<Entry> entries = new ArrayList<>();
        switch (agent) {
            case CLAUDE -> claude(event, entries::add);
            case CODEX -> codex(event, entries::add);
            case GEMINI -> gemini(event, entries::add);
            case OPENCODE -> opencode(event, entries::add);
            default -> {
            }
        }
        return entries;
    }

    private static void claude(JsonNode event, Consumer<Entry> out) {
        switch (event.path("type").asText()) {
            case "system" -> {
                if (event.path("subtype").asText().equals("init")) {
                    out.accept(new Entry("note", "session", "model " + event.path("model").asText("?") + ", " + event.path("tools").size()
                            + " tools, " + event.path("mcp_servers").size() + " MCP servers"));
                }
            }
            case "assistant" -> {
                for (JsonNode block : event.path("message").path("content")) {
                    switch (block.path("type").asText()) {
                        case "text" -> out.accept(new Entry("message", "agent", block.path("text").asText()));
                        case "tool_use" -> out.accept(new Entry("call", block.path("name").asText("tool"), json(block.path("input"))));
                        default -> {
                        }
                    }
                }
            }
            case "user" -> {
                for (JsonNode block : event.path("message").path("content")) {
                    if (block.path("type").asText().equals("tool_result")) {
                        out.accept(new Entry(block.path("is_error").asBoolean() ? "error" : "output", "result", text(block.path("content"))));
                    }
                }
            }
            case "result" -> out.accept(new Entry(event.path("is_error").asBoolean() ? "error" : "result", event.path("subtype").asText("result"),
                    event.path("result").asText("")));
            default -> {
            }
        }
    }

    private static void codex(JsonNode event, Consumer<Entry> out) {
        switch (event.path("type").asText()) {
            case "item.completed" -> {
                JsonNode item = event.path("item");
                switch (item.path("type").asText()) {
                    case "agent_message" -> out.accept(new Entry("message", "agent", item.path("text").asText()));
                    case "command_execution" -> {
                        out.accept(new Entry("call", "command", item.path("command").asText()));
                        out.accept(new Entry(item.path("exit_code").asInt(0) == 0 ? "output" : "error", "exit " + item.path("exit_code").asText("?"),
                                item.path("aggregated_output").asText()));
                    }
                    case "file_change" -> {
                        StringBuilder changes = new StringBuilder();
                        item.path("changes").forEach(change -> changes.append(change.path("kind").asText()).append(' ')
                                .append(change.path("path").asText()).append('\n'));
                        out.accept(new Entry("call", "file change", changes.toString().strip()));
                    }
                    case "error" -> out.accept(new Entry("error", "error", item.path("message").asText()));
                    default -> {
                    }
                }
            }
            case "turn.failed" -> out.accept(new Entry("error", "turn failed", event.path("error").path("message").asText()));
            case "error" -> out.accept(new Entry("error", "error", event.path("message").asText()));
            default -> {
            }
        }
    }

    private static void gemini(JsonNode event, Consumer<Entry> out) {
        switch (event.path("type").asText()) {
            case "message" -> out.accept(new Entry("message", event.path("role").asText("agent").equals("user") ? "prompt" : "agent",
                    event.path("content").asText()));
            case "tool_use" -> out.accept(new Entry("call", event.path("tool_name").asText("tool"), json(event.path("parameters"))));
            case "tool_result" -> out.accept(new Entry(event.path("status").asText().equals("success") ? "output" : "error",
                    event.path("status").asText("result"), event.has("output") ? event.path("output").asText() : json(event.path("error"))));
            case "error" -> out.accept(new Entry("error", "error", event.path("message").asText()));
            case "result" -> out.accept(new Entry(event.path("status").asText().equals("success") ? "result" : "error",
                    event.path("status").asText("result"), event.has("error") ? json(event.path("error")) : ""));
            default -> {
            }
        }
    }

    private static void opencode(JsonNode event, Consumer<Entry> out) {
        JsonNode part = event.path("part");
        switch (event.path("type").asText()) {
            case "text" -> out.accept(new Entry("message", "agent", part.path("text").asText()));
            case "tool_use" -> {
                JsonNode state = part.path("state");
                out.accept(new Entry("call", part.path("tool").asText("tool"), json(state.path("input"))));
                out.accept(new Entry(state.path("status").asText().equals("error") ? "error" : "output", state.path("status").asText("result"),
                        state.has("output") ? state.path("output").asText() : state.path("error").asText()));
            }
            case "error" -> out.accept(new Entry("error", "error", json(event.path("error"))));
            default -> {
            }
        }
    }

    /** A tool result's content: a text, or a list of text blocks. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            text.append(block.path("text").asText(block.toString())).append('\n');
        }
        return text.toString().strip();
    }

    private static String json(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.toPrettyString();
    }
}
