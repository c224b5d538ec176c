#!/usr/bin/env python3
"""A scripted stand-in of the Anthropic Messages API, for tests that drive the real Claude Code CLI.

It answers POST /v1/messages (streaming or not) from a script of turns. The turn of a request is the
number of assistant messages it carries, so retries never skip a turn. A request without tools (a
side request, e.g. a title) gets a short text. Every request is logged, one JSON line, to stdout.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCRIPT = json.load(open(sys.argv[1]))
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 8080


def blocks_of(turn):
    return turn.get("content", [])


def stop_reason(turn):
    if "stop_reason" in turn:
        return turn["stop_reason"]
    return "tool_use" if any(b.get("type") == "tool_use" for b in blocks_of(turn)) else "end_turn"


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
        request = json.loads(self.rfile.read(length) or b"{}")
        path = self.path.split("?")[0]
        print(json.dumps({"path": path, "model": request.get("model"), "messages": len(request.get("messages", []))}), flush=True)
        if path == "/v1/messages/count_tokens":
            self.answer_json(200, {"input_tokens": 100})
            return
        if path != "/v1/messages":
            self.do_GET()
            return
        index = 0
        if not request.get("tools"):
            turn = {"content": [{"type": "text", "text": SCRIPT.get("side_text", "OK")}], "stop_reason": "end_turn"}
        else:
            index = sum(1 for m in request.get("messages", []) if m.get("role") == "assistant")
            turns = SCRIPT["turns"]
            turn = turns[index] if index < len(turns) else {"content": [{"type": "text", "text": "Script exhausted."}],
                                                            "stop_reason": "end_turn"}
        content = []
        for number, block in enumerate(blocks_of(turn)):
            block = dict(block)
            if block["type"] == "tool_use":
                block.setdefault("id", "toolu_standin%04d" % (index * 10 + number if request.get("tools") else number))
            content.append(block)
        # Claude Code merges assistant messages that share an id, so every turn needs its own.
        message = {"id": "msg_standin%04d" % (index if request.get("tools") else 9999), "type": "message", "role": "assistant", "model": request.get("model", "stand-in"),
                   "content": content, "stop_reason": stop_reason(turn), "stop_sequence": None,
                   "usage": {"input_tokens": 100, "output_tokens": 10}}
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

        start = dict(message, content=[], stop_reason=None, usage={"input_tokens": 100, "output_tokens": 1})
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


ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
