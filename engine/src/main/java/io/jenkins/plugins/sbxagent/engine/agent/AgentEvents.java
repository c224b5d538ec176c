package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one agent's JSON events, one at a time, into an {@link AgentUsage}. The formats are each
 * agent's own (see docs/agents.md); a field an agent does not send stays at its empty value.
 */
public final class AgentEvents implements Consumer<JsonNode> {
    private final AgentKind kind;
    private int events;
    private int turns;
    private long inputTokens;
    private long outputTokens;
    private Double costUsd;
    private long durationMs;
    private String finalMessage = "";
    private final StringBuilder geminiText = new StringBuilder();
    private boolean ended;
    private boolean reportedError;
    private String endReason;
    /** Codex's items that count as a turn: its tool calls. */
    private static final Set<String> CODEX_TOOL_CALLS = Set.of("command_execution", "file_change", "mcp_tool_call", "web_search",
            "collab_tool_call");
    /**
     * What was already counted as a turn: Claude Code's assistant messages (one may come as several events),
     * codex's tool-call items (each comes as started and completed).
     */
    private final Set<String> countedIds = new HashSet<>();
    /** The last problem the agent reported without ending, shown when nothing else explains the end. */
    private String problem;
    private boolean stopped;
    private String sessionId;

    public AgentEvents(AgentKind kind) {
        this.kind = kind;
    }

    @Override
    public void accept(JsonNode event) {
        events++;
        if (stopped) {
            // what a stopped agent still printed is kept in events.jsonl but changes nothing
            return;
        }
        String type = event.path("type").asText("");
        if (sessionId == null) {
            sessionId = sessionId(type, event);
        }
        switch (kind) {
            case CLAUDE -> claude(type, event);
            case CODEX -> codex(type, event);
            case GEMINI -> gemini(type, event);
            case OPENCODE -> opencode(type, event);
            default -> {
                // a plain command has no event format
            }
        }
    }

    /** Records that sbx-agent stopped the agent, e.g. for its budget: the run ends with this reason, as an error. */
    public void stoppedBy(String reason) {
        stopped = true;
        ended = true;
        reportedError = true;
        endReason = reason;
    }

    public AgentUsage usage() {
        String message = finalMessage.isEmpty() && problem != null && !(ended && !reportedError) ? problem : finalMessage;
        return new AgentUsage(events, turns, inputTokens, outputTokens, costUsd, durationMs, message, ended, reportedError, endReason,
                sessionId);
    }

    /** The session an event names, where each agent names it: the first one a run's events name is its session. */
    private String sessionId(String type, JsonNode event) {
        JsonNode id = switch (kind) {
            case CLAUDE -> event.path("session_id");
            case CODEX -> type.equals("thread.started") ? event.path("thread_id") : null;
            case GEMINI -> type.equals("init") ? event.path("session_id") : null;
            case OPENCODE -> event.path("sessionID");
            default -> null;
        };
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }

    private void claude(String type, JsonNode event) {
        if (type.equals("assistant") && !ended) {
            String id = event.path("message").path("id").asText("");
            if (!id.isEmpty() && countedIds.add(id)) {
                turns = countedIds.size();
            }
            return;
        }
        if (!type.equals("result")) {
            return;
        }
        ended = true;
        endReason = event.path("subtype").asText("");
        // exit code 0 with is_error true happens (an API error reported as the result): both must say success
        reportedError = event.path("is_error").asBoolean(false) || !endReason.equals("success");
        turns = event.path("num_turns").asInt(turns);
        JsonNode usage = event.path("usage");
        inputTokens = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        outputTokens = usage.path("output_tokens").asLong(0);
        if (event.has("total_cost_usd")) {
            costUsd = event.path("total_cost_usd").asDouble();
        }
        durationMs = event.path("duration_ms").asLong(0);
        finalMessage = event.path("result").asText("");
        if (finalMessage.isEmpty() && event.path("errors").isArray()) {
            finalMessage = event.path("errors").toString();
        }
    }

    /**
     * Codex reports no model requests, only the items they produce: each tool call it starts counts as a
     * turn, and its final answer as one more. A response with parallel calls counts each, so a turn
     * budget stops codex early rather than late.
     */
    private void codex(String type, JsonNode event) {
        JsonNode item = event.path("item");
        switch (type) {
            case "item.started", "item.completed" -> {
                String itemType = item.path("type").asText("");
                if (CODEX_TOOL_CALLS.contains(itemType) && countedIds.add(item.path("id").asText(""))) {
                    turns++;
                }
                if (type.equals("item.completed") && itemType.equals("agent_message")) {
                    finalMessage = item.path("text").asText("");
                }
            }
            case "turn.completed" -> {
                turns++;
                JsonNode usage = event.path("usage");
                inputTokens += usage.path("input_tokens").asLong(0);
                outputTokens += usage.path("output_tokens").asLong(0);
                ended = true;
                endReason = "completed";
            }
            case "turn.failed" -> {
                ended = true;
                reportedError = true;
                endReason = type;
                String message = event.path("error").path("message").asText("");
                if (!message.isEmpty()) {
                    finalMessage = message;
                }
            }
            // codex reports each retry of a failing model API as an error event and goes on; only turn.failed ends a turn
            case "error" -> problem = event.path("message").asText(problem);
            default -> {
                // thread.started, turn.started, item.updated: progress only
            }
        }
    }

    /**
     * Gemini CLI streams the assistant's text in deltas: the final message is what it wrote after its
     * last tool call. Like codex it reports no model requests: each tool call is a turn, and the final
     * answer one more.
     */
    private void gemini(String type, JsonNode event) {
        switch (type) {
            case "message" -> {
                if (event.path("role").asText("").equals("assistant")) {
                    geminiText.append(event.path("content").asText(""));
                    finalMessage = geminiText.toString();
                }
            }
            case "tool_use" -> {
                turns++;
                geminiText.setLength(0);
            }
            case "result" -> {
                turns++;
                ended = true;
                String status = event.path("status").asText("");
                endReason = status;
                reportedError = !status.equals("success");
                JsonNode stats = event.path("stats");
                inputTokens = stats.path("input_tokens").asLong(0);
                outputTokens = stats.path("output_tokens").asLong(0);
                durationMs = stats.path("duration_ms").asLong(0);
                if (reportedError && event.has("error")) {
                    finalMessage = event.path("error").path("message").asText(finalMessage);
                }
            }
            default -> {
                // init, tool_result, error warnings: progress only
            }
        }
    }

    private void opencode(String type, JsonNode event) {
        JsonNode part = event.path("part");
        switch (type) {
            case "text" -> finalMessage = part.path("text").asText(finalMessage);
            case "step_finish" -> {
                turns++;
                JsonNode tokens = part.path("tokens");
                inputTokens += tokens.path("input").asLong(0) + tokens.path("cache").path("read").asLong(0);
                outputTokens += tokens.path("output").asLong(0) + tokens.path("reasoning").asLong(0);
                if (part.has("cost")) {
                    costUsd = (costUsd == null ? 0 : costUsd) + part.path("cost").asDouble();
                }
                // a step that ends in tool calls is followed by another: only a step that stops ends the run
                endReason = part.path("reason").asText("stop");
                ended = !endReason.equals("tool-calls");
            }
            case "error" -> {
                ended = true;
                reportedError = true;
                endReason = "error";
                finalMessage = event.path("error").path("data").path("message").asText(event.path("error").path("name").asText(""));
            }
            default -> {
                // step_start, tool_use, reasoning: progress only
            }
        }
    }
}
