#!/usr/bin/env bash
# The main job, from a fresh machine: starts the Docker engine, builds the image and the tool, then
# lets the example agent loose on a demo project and shows what crossed back.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/docker/start-engine.sh
# only the image the demo runs in (seconds, from Debian's busybox-static); .ci/run builds the others
scripts/docker/build-images.sh busybox
[ -f engine/target/sbx-agent.jar ] || ./mvnw -q -B -ntp -DengineOnly -pl engine package -DskipTests

demo=$(mktemp -d /var/tmp/sbx-agent-demo.XXXXXX)
mkdir -p "$demo/project/src" "$demo/project/.git/hooks"
printf '#!/bin/sh\necho "Helo, world"\n' > "$demo/project/src/greet.sh"
chmod +x "$demo/project/src/greet.sh"
printf 'build/\n' > "$demo/project/.gitignore"
# the sandbox runs as the workspace's owner, as a CI agent's user would own its workspace
chown -R 1000:1000 "$demo/project"
cp examples/agents/scripted-agent.sh "$demo/agent.sh"

export DEMO_API_KEY="demo-key-$(date +%s)-not-a-real-secret"
set +e
scripts/sbx-agent run \
  --workspace "$demo/project" --out "$demo/out" --image sbx-agent/busybox:1 --tenant demo \
  --secret-env DEMO_API_KEY --put "$demo/agent.sh:/opt/agent/agent.sh" --timeout 2m \
  -- sh /opt/agent/agent.sh
status=$?
set -e

echo
echo "== outputs in $demo/out (exit code $status)"
ls -1 "$demo/out"
echo "== changes.json"
python3 - "$demo/out/changes.json" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["changes"]:
    extra = (" -> " + c["after"]["linkTarget"]) if c["after"] and c["after"].get("linkTarget") else ""
    print(f'  {c["kind"]:13} {c["type"]:9} {c["path"]}{extra}')
PY
echo "== diff.patch"
sed 's/^/  /' "$demo/out/diff.patch"
echo "== git-internal.patch (what git diff would not show)"
sed 's/^/  /' "$demo/out/git-internal.patch"
echo "== the secret in agent.log"
grep 'my key' "$demo/out/agent.log" | sed 's/^/  /'
echo "== risk-summary.md"
sed 's/^/  /' "$demo/out/risk-summary.md"
echo
echo "== the host project is untouched:"
sed 's/^/  /' "$demo/project/src/greet.sh"
if grep -rqF "$DEMO_API_KEY" "$demo/out"; then echo "demo: FAILED: the secret leaked into the outputs"; exit 1; fi
# the example agent tries a git hook, a link to /etc/passwd and leaks its key: the gate must fail it (exit 12)
if [ "$status" -ne 12 ]; then echo "demo: FAILED: expected the gate to fail the run (exit 12), got $status"; exit 1; fi
echo "demo: the gate failed the run as it should (exit 12); nothing reached the project"
echo "demo: the whole review on one page: $demo/out/review.html"
