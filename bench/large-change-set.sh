#!/usr/bin/env bash
# Benchmark (not a test): finding an agent's change set in a large repository, for a workspace the
# sandbox user owns and for one root owns, next to `git status` + `git diff` on the same change,
# measured in the same run.
#
# Usage: bench/large-change-set.sh [runs]      (default 3 runs per case, after one warm-up)
# The tree (made once under ${SBX_BENCH_DIR:-/var/tmp/sbx-agent-bench}/large-repo): a git repository
# of 100,000 tracked files, 100,000 ignored files under node_modules/ and its .git: about 202,000
# entries. The agent changes 500 files: 300 tracked ones in src/, 150 ignored ones in
# node_modules/ and 50 new hooks in .git/hooks. git sees only the 300.
set -euo pipefail
runs="${1:-3}"
# shellcheck source=bench/setup.sh
source "$(dirname "$0")/setup.sh"

repo="$base/large-repo"
if [ ! -f "$repo/.complete" ]; then
  rm -rf "$repo"; mkdir -p "$repo"
  python3 - "$repo" <<'PY'
import os, sys
root = sys.argv[1]
for tree, count in (("src", 100000), ("node_modules", 100000)):
    for i in range(count):
        d = os.path.join(root, tree, f"pkg{i // 100:04d}")
        if i % 100 == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"file{i:06d}.txt"), "w") as f:
            f.write(f"line {i}\n" * 8)
with open(os.path.join(root, ".gitignore"), "w") as f:
    f.write("node_modules/\n")
PY
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -qm tree
  git -C "$repo" gc -q  # packed, as a cloned repository is
  touch "$repo/.complete"
fi
entries=$(find "$repo" | wc -l)

# the same 500 changes, in the sandbox and on the host
change='i=0; while [ $i -lt 300 ]; do echo changed >> src/pkg$(printf %04d $((i * 3)))/file$(printf %06d $((i * 300))).txt; i=$((i + 1)); done
i=0; while [ $i -lt 150 ]; do echo changed >> node_modules/pkg$(printf %04d $((i * 6)))/file$(printf %06d $((i * 600))).txt; i=$((i + 1)); done
i=0; while [ $i -lt 50 ]; do printf "#!/bin/sh\nexit 0\n" > .git/hooks/hook$i; i=$((i + 1)); done'


# baseline: git on a private copy of the tree (made outside the timing) with the same change, its index
# refreshed once (as a developer's tree has it), then timed
copy=$(mktemp -d "$base/git-XXXXXX"); cp -a "$repo/." "$copy"
(cd "$copy" && sh -c "$change")
git -c safe.directory="*" -C "$copy" status --porcelain >/dev/null
git_ms=$(for i in $(seq 1 "$runs"); do
  s=$(date +%s%N); git -c safe.directory="*" -C "$copy" status --porcelain >/dev/null; git -c safe.directory="*" -C "$copy" diff >/dev/null; e=$(date +%s%N)
  ms "$s" "$e"
done | median)
git_files=$(git -c safe.directory="*" -C "$copy" status --porcelain | wc -l)
rm -rf "$copy"

cp_ms=$(s=$(date +%s%N); cp -a "$repo" "$base/cp-a-probe"; e=$(date +%s%N); rm -rf "$base/cp-a-probe"; ms "$s" "$e")

printf '\ntree: %s entries; baseline: git status --porcelain + git diff after the change: median %s ms over %s runs (%s paths seen)\n' \
  "$entries" "$git_ms" "$runs" "$git_files"
printf 'for scale: cp -a of the whole tree: %s ms\n\n' "$cp_ms"
printf '%-10s %-8s %8s %8s %8s %8s %8s %10s %7s %8s %9s\n' owner staging stage collect diff risk cleanup "found ms" xgit changes "wall ms"
for owner in 1000 0; do
  chown -R "$owner:$owner" "$repo"
  out="$base/out-large-repo-$owner"
  samples=$(mktemp)
  for i in $(seq 0 "$runs"); do
    rm -rf "$out"
    s=$(date +%s%N)
    scripts/sbx-agent run --workspace "$repo" --out "$out" --image "$image" --tenant bench -- sh -c "$change" \
      >/dev/null 2>&1 || true
    e=$(date +%s%N)
    [ "$i" -gt 0 ] && python3 -c '
import json,sys; a=json.load(open(sys.argv[1])); p=a["phasesMillis"]
print(a.get("staging", "?"), " ".join(str(p.get(k,0)) for k in ["stage","collect","diff","risk","cleanup"]), a.get("changeCount", 0), sys.argv[2])' \
      "$out/audit.json" "$(ms "$s" "$e")" >> "$samples"
  done
  python3 - "$samples" "$owner" "$git_ms" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
staging = rows[0][0]
nums = [list(map(int, r[1:])) for r in rows]
med = [statistics.median(c) for c in zip(*nums)]
stage, collect, diff, risk, cleanup, changes, wall = med
found = stage + collect + diff + risk
owner = "agent" if sys.argv[2] != "0" else "root"
print(f"{owner:10} {staging:8} {stage:8.0f} {collect:8.0f} {diff:8.0f} {risk:8.0f} {cleanup:8.0f} {found:10.0f} {found / float(sys.argv[3]):7.2f} {changes:8.0f} {wall:9.0f}")
PY
  rm -f "$samples"
done
chown -R 1000:1000 "$repo"
echo
echo "'found ms' = stage + collect + diff + risk, the phases between the agent's end and the decision (medians of $runs runs"
echo "after one warm-up, from each run's audit.json); xgit = that / the git baseline. 'changes' is the run's change count:"
echo "every one of the 500. 'cleanup' deletes the private folder after the result is written; 'wall ms' is the whole"
echo "command, JVM start, the agent's own run and cleanup included."
