#!/usr/bin/env python3
"""A scripted stand-in of two model APIs, for tests that drive real agent CLIs: the Anthropic Messages
API (POST /v1/messages, Claude Code) and the OpenAI Responses API (POST /v1/responses, Codex).

Both answer from a script of turns. The turn of a request is counted from the history it carries (the
assistant messages, or the function calls), so retries never skip a turn. A Messages request without
tools (a side request, e.g. a title) gets a short text. Every request is logged, one JSON line, to stdout,
with the key it carried and the words "marker-..." its text holds.
"fail_requests": N in the script makes the first N model requests fail with HTTP 500 (or "fail_status");
"repeat_last": true makes a script endless (its last turn again and again), and "input_tokens": N makes
every turn report N input tokens (Messages and Chat Completions), for budget tests. "count_messages": true makes a
Responses request's turn count the assistant's messages too, for sessions resumed after their final answer.

A Messages turn is {"content": [Anthropic content blocks]}. A Responses turn is {"output": [{"text": ...},
{"call": tool name, "arguments": {...}} or {"patch": apply_patch text}]}, with at most one call per turn.
The Gemini API (POST /v1beta/models/MODEL:streamGenerateContent, Gemini CLI) takes {"parts": [Gemini parts]}.
OpenAI Chat Completions (POST /v1/chat/completions, OpenCode) takes {"text": ..., "call": ..., "arguments": ...}.
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCRIPT = json.load(open(sys.argv[1]))
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 8080
# the first "fail_requests" model requests get an HTTP 500, to record how an agent reports a failing API
failures_left = [SCRIPT.get("fail_requests", 0)]
MARKER = re.compile(r"marker-[a-z0-9-]+")


def turn_at(index, exhausted):
    """The script's turn for a request that carries index earlier turns: past the end, the last one again with
    "repeat_last", else the exhausted turn (a final answer in the API's own shape)."""
    turns = SCRIPT["turns"]
    if index < len(turns):
        return turns[index]
    return turns[-1] if SCRIPT.get("repeat_last") else exhausted


def blocks_of(turn):
    return turn.get("content", [])


def stop_reason(turn):
    if "stop_reason" in turn:
        return turn["stop_reason"]
    return "tool_use" if any(b.get("type") == "tool_use" for b in blocks_of(turn)) else "end_turn"


def credential(headers):
    """The key of a request, in whichever header its API reads it from."""
    for name in ("x-api-key", "x-goog-api-key"):
        if headers.get(name):
            return headers.get(name)
    authorization = headers.get("authorization") or ""
    return authorization[len("Bearer "):] if authorization.startswith("Bearer ") else authorization or None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer_json(404, {"type": "error", "error": {"type": "not_found_error", "message": self.path}})

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length) or b"{}"
        request = json.loads(body)
        path = self.path.split("?")[0]
        # "planted" says whether a header came from a planted configuration (tests plant x-planted headers);
        # "credential" is the key the request carried (a test key, logged so that a test sees which key arrived);
        # "markers" are the words "marker-..." the request's text holds, e.g. a skill's description the agent listed
        print(json.dumps({"path": path, "model": request.get("model"), "messages": len(request.get("messages", request.get("contents", []))),
                          "planted": any(name.lower().startswith("x-planted") for name in self.headers.keys()),
                          "host": self.headers.get("host"), "credential": credential(self.headers),
                          "markers": sorted(set(MARKER.findall(body.decode("utf-8", "replace"))))}), flush=True)
        if path == "/v1/messages/count_tokens":
            self.answer_json(200, {"input_tokens": 100})
            return
        if (path in ("/v1/messages", "/v1/responses", "/v1/chat/completions") or path.startswith("/v1beta/")) and failures_left[0] > 0:
            failures_left[0] -= 1
            status = SCRIPT.get("fail_status", 500)
            self.answer_json(status, {"type": "error", "error": {"type": "api_error", "message": "stand-in failure", "code": status}})
            return
        if path == "/v1/responses":
            self.answer_responses(request)
            return
        if path == "/v1/chat/completions":
            self.answer_chat(request)
            return
        if path.startswith("/v1beta/models/"):
            self.answer_gemini(path, request)
            return
        if path != "/v1/messages":
            self.do_GET()
            return
        index = 0
        if not request.get("tools"):
            turn = {"content": [{"type": "text", "text": SCRIPT.get("side_text", "OK")}], "stop_reason": "end_turn"}
        else:
            index = sum(1 for m in request.get("messages", []) if m.get("role") == "assistant")
            turn = turn_at(index, {"content": [{"type": "text", "text": "Script exhausted."}], "stop_reason": "end_turn"})
        content = []
        for number, block in enumerate(blocks_of(turn)):
            block = dict(block)
            if block["type"] == "tool_use":
                block.setdefault("id", "toolu_standin%04d" % (index * 10 + number if request.get("tools") else number))
            content.append(block)
        # a script's "input_tokens" makes every turn that large, e.g. to run past a cost budget
        input_tokens = SCRIPT.get("input_tokens", 100)
        # Claude Code merges assistant messages that share an id, so every turn needs its own.
        message = {"id": "msg_standin%04d" % (index if request.get("tools") else 9999), "type": "message", "role": "assistant", "model": request.get("model", "stand-in"),
                   "content": content, "stop_reason": stop_reason(turn), "stop_sequence": None,
                   "usage": {"input_tokens": input_tokens, "output_tokens": 10}}
        if not request.get("stream"):
            self.answer_json(200, message)
            return
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

        def event(kind, data):
            chunk = ("event: %s\ndata: %s\n\n" % (kind, json.dumps(data))).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

        start = dict(message, content=[], stop_reason=None, usage={"input_tokens": input_tokens, "output_tokens": 1})
        event("message_start", {"type": "message_start", "message": start})
        for number, block in enumerate(content):
            if block["type"] == "text":
                event("content_block_start", {"type": "content_block_start", "index": number, "content_block": {"type": "text", "text": ""}})
                event("content_block_delta", {"type": "content_block_delta", "index": number,
                                              "delta": {"type": "text_delta", "text": block["text"]}})
            else:
                event("content_block_start", {"type": "content_block_start", "index": number,
                                              "content_block": {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}})
                text = json.dumps(block["input"])
                middle = len(text) // 2
                for part in (text[:middle], text[middle:]):
                    event("content_block_delta", {"type": "content_block_delta", "index": number,
                                                  "delta": {"type": "input_json_delta", "partial_json": part}})
            event("content_block_stop", {"type": "content_block_stop", "index": number})
        event("message_delta", {"type": "message_delta", "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                                "usage": {"output_tokens": 10}})
        event("message_stop", {"type": "message_stop"})
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


    def start_chunks(self):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

    def chunk(self, kind, data):
        data = ("event: %s\ndata: %s\n\n" % (kind, json.dumps(data))).encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def answer_responses(self, request):
        # "count_messages": the assistant's messages count as turns too, so that a session resumed after its final answer
        # gets the script's next turn rather than that answer again
        counted = ("function_call", "custom_tool_call") + (("message",) if SCRIPT.get("count_messages") else ())
        index = sum(1 for item in request.get("input", [])
                    if item.get("type") in counted and (item.get("type") != "message" or item.get("role") == "assistant"))
        turn = turn_at(index, {"output": [{"text": "Script exhausted."}]})
        response_id = "resp_standin%04d" % index
        items = []
        for number, part in enumerate(turn["output"]):
            if "patch" in part:
                # apply_patch is a freeform tool: its input is the patch text itself
                items.append({"type": "custom_tool_call", "id": "ctc_standin%04d" % index, "call_id": "call_standin%04d" % index,
                              "name": "apply_patch", "input": part["patch"], "status": "completed"})
            elif "call" in part:
                items.append({"type": "function_call", "id": "fc_standin%04d" % index, "call_id": "call_standin%04d" % index,
                              "name": part["call"], "arguments": json.dumps(part["arguments"]), "status": "completed"})
            else:
                items.append({"type": "message", "id": "msg_standin%04d_%d" % (index, number), "role": "assistant",
                              "status": "completed", "content": [{"type": "output_text", "text": part["text"], "annotations": []}]})
        usage = {"input_tokens": 100, "input_tokens_details": {"cached_tokens": 40}, "output_tokens": 10,
                 "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 110}
        self.start_chunks()
        base = {"id": response_id, "object": "response", "model": request.get("model", "stand-in")}
        self.chunk("response.created", {"type": "response.created", "response": dict(base, status="in_progress", output=[])})
        for number, item in enumerate(items):
            self.chunk("response.output_item.added", {"type": "response.output_item.added", "output_index": number, "item": item})
            if item["type"] == "message":
                self.chunk("response.output_text.delta", {"type": "response.output_text.delta", "item_id": item["id"],
                                                          "output_index": number, "content_index": 0,
                                                          "delta": item["content"][0]["text"]})
            self.chunk("response.output_item.done", {"type": "response.output_item.done", "output_index": number, "item": item})
        self.chunk("response.completed", {"type": "response.completed",
                                          "response": dict(base, status="completed", output=items, usage=usage)})
        self.end_chunks()

    def answer_chat(self, request):
        """OpenAI Chat Completions, streamed: a text delta, then at most one tool call, then usage."""
        if not request.get("tools"):
            turn = {"text": SCRIPT.get("side_text", "Stand-in")}
            index = 9999
        else:
            index = sum(1 for message in request.get("messages", []) if message.get("role") == "assistant")
            turn = turn_at(index, {"text": "Script exhausted."})
        base = {"id": "chatcmpl-standin%04d" % index, "object": "chat.completion.chunk", "created": 0, "model": request.get("model")}
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

        def send(data):
            line = ("data: %s\n\n" % (data if isinstance(data, str) else json.dumps(data))).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))

        if "text" in turn:
            send(dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": turn["text"]}, "finish_reason": None}]))
        if "call" in turn:
            call = {"index": 0, "id": "call_standin%04d" % index, "type": "function",
                    "function": {"name": turn["call"], "arguments": json.dumps(turn["arguments"])}}
            send(dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "tool_calls": [call]}, "finish_reason": None}]))
        send(dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "tool_calls" if "call" in turn else "stop"}]))
        prompt_tokens = SCRIPT.get("input_tokens", 100)
        send(dict(base, choices=[], usage={"prompt_tokens": prompt_tokens, "completion_tokens": 10, "total_tokens": prompt_tokens + 10}))
        send("[DONE]")
        self.end_chunks()

    def answer_gemini(self, path, request):
        """Gemini API: streamGenerateContent (SSE with ?alt=sse) for turns, generateContent for side requests."""
        if path.endswith(":generateContent"):
            # side requests (e.g. whether the model or the user speaks next) get a short answer
            text = SCRIPT.get("side_text", "{}")
            self.answer_json(200, {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP",
                                                   "index": 0}],
                                   "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 1, "totalTokenCount": 11}})
            return
        index = sum(1 for content in request.get("contents", []) if content.get("role") == "model")
        turn = turn_at(index, {"parts": [{"text": "Script exhausted."}]})
        chunk = {"candidates": [{"content": {"role": "model", "parts": turn["parts"]}, "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 10, "totalTokenCount": 110},
                 "modelVersion": "stand-in"}
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        data = ("data: %s\r\n\r\n" % json.dumps(chunk)).encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.end_chunks()


ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
