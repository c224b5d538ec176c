#!/usr/bin/env bash
# Records the event streams the parser tests read (engine/src/test/resources/.../engine/agent/) from
# the real agent CLIs, driven on this host against the scripted stand-in of their model APIs. Each
# CLI runs with the headless flags the engine gives it, in a scratch git repository with an empty HOME.
#
# Usage: record-transcripts.sh   (after scripts/agents/install-agent-clis.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
resources=engine/src/test/resources/io/jenkins/plugins/sbxagent/engine
fixtures="$PWD/$resources/agent"
stand_in="$resources/model/stand_in_model_api.py"
claude=/var/cache/sbx-agent/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude
codex=/var/cache/sbx-agent/codex/node_modules/@openai/codex/vendor/x86_64-unknown-linux-musl/bin/codex
gemini=/var/cache/sbx-agent/gemini-cli/node_modules/@google/gemini-cli/bundle/gemini.js
opencode=/var/cache/sbx-agent/opencode/node_modules/opencode-linux-x64/bin/opencode
# Gemini CLI reads system settings only from a folder nobody else may write to: not under /tmp
gemini_settings=/var/cache/sbx-agent/record-transcripts/gemini-system-settings.json
port=18181
agent_user=1000:1000
scratch="$(mktemp -d)"
chmod 755 "$scratch"
api=""
trap '[ -n "$api" ] && kill "$api" 2> /dev/null; [ -n "${KEEP_SCRATCH:-}" ] || rm -rf "$scratch"' EXIT

# serve SCRIPT-JSON: (re)starts the stand-in with a script
serve() {
  [ -n "$api" ] && kill "$api" 2> /dev/null && wait "$api" 2> /dev/null || true
  printf '%s\n' "$1" > "$scratch/script.json"
  python3 "$stand_in" "$scratch/script.json" "$port" > "$scratch/api.log" 2>&1 &
  api=$!
  for _ in $(seq 50); do (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && return; sleep 0.1; done
  echo "record-transcripts: the stand-in did not start" >&2; exit 1
}

# record NAME COMMAND...: runs the command in a fresh repository, its stdout becomes the fixture
record() {
  local name="$1"; shift
  rm -rf "$scratch/ws" "$scratch/home" && mkdir -p "$scratch/ws" "$scratch/home" && git -C "$scratch/ws" init -q
  chown -R "$agent_user" "$scratch/ws" "$scratch/home"
  # as the sandbox's user, not root (Claude Code refuses to skip permissions as root)
  (cd "$scratch/ws" && HOME="$scratch/home" timeout 120 setpriv --reuid "${agent_user%:*}" --regid "${agent_user#*:}" --clear-groups \
    "$@" < /dev/null > "$fixtures/$name" 2> "$scratch/$name.err") || true
  echo "recorded $name ($(wc -l < "$fixtures/$name") events)"
}

claude_write_run_finish='{"turns": [
  {"content": [{"type": "text", "text": "I will create hello.txt."},
               {"type": "tool_use", "name": "Write", "input": {"file_path": "hello.txt", "content": "Hello\n"}}]},
  {"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "ls", "description": "List"}}]},
  {"content": [{"type": "text", "text": "All done."}], "stop_reason": "end_turn"}]}'
codex_write_run_finish='{"turns": [
  {"output": [{"text": "I will create hello.txt."},
              {"patch": "*** Begin Patch\n*** Add File: hello.txt\n+Hello\n*** End Patch\n"}]},
  {"output": [{"call": "exec_command", "arguments": {"cmd": "ls"}}]},
  {"output": [{"text": "All done."}]}]}'
gemini_write_run_finish='{"side_text": "{\"complexity_reasoning\": \"stand-in\", \"complexity_score\": 10}", "turns": [
  {"parts": [{"text": "I will create hello.txt."},
             {"functionCall": {"name": "write_file", "args": {"file_path": "hello.txt", "content": "Hello\n"}}}]},
  {"parts": [{"functionCall": {"name": "run_shell_command", "args": {"command": "ls"}}}]},
  {"parts": [{"text": "All done."}]}]}'
opencode_write_run_finish='{"side_text": "Stand-in title", "turns": [
  {"text": "I will create hello.txt.", "call": "write", "arguments": {"filePath": "hello.txt", "content": "Hello\n"}},
  {"call": "bash", "arguments": {"command": "ls", "description": "List the files"}},
  {"text": "All done."}]}'
# with_failures SCRIPT N [STATUS]: the first N model requests fail with STATUS (500 by default)
with_failures() {
  python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s["fail_requests"]=int(sys.argv[2]); s["fail_status"]=int(sys.argv[3]); print(json.dumps(s))' \
    "$1" "$2" "${3:-500}"
}

claude_run=(env ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-ant-stand-in CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
  DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1 "$claude" -p "Create hello.txt, then list the files." --output-format stream-json
  --verbose --dangerously-skip-permissions --setting-sources user --strict-mcp-config)
codex_run=(env CODEX_API_KEY=sk-stand-in "$codex" exec --json --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check
  --color never -c analytics.enabled=false --disable plugins -c model_provider=stand_in
  -c "model_providers.stand_in={name=\"stand-in\", base_url=\"http://127.0.0.1:$port/v1\", env_key=\"CODEX_API_KEY\", wire_api=\"responses\"}"
  -m gpt-5.5)
codex_prompt=(-- "Create hello.txt, then list the files.")
mkdir -p "$(dirname "$gemini_settings")" && chmod 755 "$(dirname "$gemini_settings")"
printf '%s\n' '{"advanced": {"ignoreLocalEnv": true}, "privacy": {"usageStatisticsEnabled": false}, "security": {"auth": {"selectedType": "gemini-api-key"}}}' \
  > "$gemini_settings"
gemini_run=(env GEMINI_API_KEY=stand-in GOOGLE_GEMINI_BASE_URL="http://127.0.0.1:$port" GEMINI_CLI_TRUST_WORKSPACE=true
  GEMINI_CLI_SYSTEM_SETTINGS_PATH="$gemini_settings" node "$gemini" -p "Create hello.txt, then list the files."
  --output-format stream-json --yolo --model gemini-3.1-pro-preview)
opencode_config="{\"provider\": {\"stand-in\": {\"npm\": \"@ai-sdk/openai-compatible\", \"name\": \"Stand-in\",
  \"options\": {\"baseURL\": \"http://127.0.0.1:$port/v1\", \"apiKey\": \"{env:STAND_IN_API_KEY}\"}, \"models\": {\"m1\": {\"name\": \"m1\"}}}},
  \"model\": \"stand-in/m1\", \"small_model\": \"stand-in/m1\"}"
opencode_run=(env STAND_IN_API_KEY=stand-in OPENCODE_CONFIG_CONTENT="$opencode_config" OPENCODE_DISABLE_PROJECT_CONFIG=1
  OPENCODE_DISABLE_CLAUDE_CODE=1 OPENCODE_DISABLE_EXTERNAL_SKILLS=1 OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_MODELS_FETCH=1
  OPENCODE_DISABLE_LSP_DOWNLOAD=1 OPENCODE_DISABLE_SHARE=1 XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CACHE_HOME= XDG_STATE_HOME=
  "$opencode" run --format json --auto -- "Create hello.txt, then list the files.")

serve "$claude_write_run_finish";                         record claude-success.jsonl "${claude_run[@]}"
serve "$claude_write_run_finish";                         record claude-max-turns.jsonl "${claude_run[@]}" --max-turns 1
serve "$(with_failures "$claude_write_run_finish" 1000)"; record claude-api-error.jsonl env CLAUDE_CODE_MAX_RETRIES=0 "${claude_run[@]}"
# turns of a million input tokens each run past Claude Code's own cost budget after the first
serve "$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s["input_tokens"]=1000000; print(json.dumps(s))' "$claude_write_run_finish")"
record claude-max-budget.jsonl "${claude_run[@]}" --max-budget-usd 1.00
serve "$codex_write_run_finish";                          record codex-success.jsonl "${codex_run[@]}" "${codex_prompt[@]}"
# the first four failures codex retries silently, the fifth it reports as an error event, then recovers
serve "$(with_failures "$codex_write_run_finish" 5)";     record codex-recovered.jsonl "${codex_run[@]}" "${codex_prompt[@]}"
serve "$(with_failures "$codex_write_run_finish" 1000)";  record codex-failure.jsonl "${codex_run[@]}" "${codex_prompt[@]}"
serve "$gemini_write_run_finish";                         record gemini-success.jsonl "${gemini_run[@]}"
# a request the API refuses (400) is not retried: Gemini CLI ends with an error result
serve "$(with_failures "$gemini_write_run_finish" 1000 400)"; record gemini-api-error.jsonl "${gemini_run[@]}"
serve "$opencode_write_run_finish";                       record opencode-success.jsonl "${opencode_run[@]}"
serve "$(with_failures "$opencode_write_run_finish" 1000 400)"; record opencode-api-error.jsonl "${opencode_run[@]}"
