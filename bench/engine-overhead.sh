#!/usr/bin/env bash
# Benchmark (not a test): the engine's own overhead per phase, next to a bare
# `docker run --rm --network none IMAGE true` measured in the same run.
#
# Usage: bench/engine-overhead.sh [runs]      (default 5 runs per case, after one warm-up)
# First the engine in one warm JVM, as the Jenkins plugin runs it on an agent node (each run against a bare
# run right before it); then the command-line tool's cold start, a new JVM per run, each right after a bare run;
# then the command-line tool per phase, per workspace and staging.
# Workspaces: small (100 files) and large (100,000 files in 1,000 folders), made once under
# ${SBX_BENCH_DIR:-/var/tmp/sbx-agent-bench}. Cases: overlay staging on both; copy staging on both.
set -euo pipefail
runs="${1:-5}"
# shellcheck source=bench/setup.sh
source "$(dirname "$0")/setup.sh"

make_workspace() { # name files
  local dir="$base/$1" files="$2"
  [ -f "$dir/.complete" ] && return
  rm -rf "$dir"; mkdir -p "$dir"
  python3 - "$dir" "$files" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
per_dir = 100
for i in range(count):
    d = os.path.join(root, "src", f"pkg{i // per_dir:04d}")
    if i % per_dir == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i:06d}.txt"), "w") as f:
        f.write(f"line {i}\n" * 8)
PY
  chown -R 1000:1000 "$dir"
  touch "$dir/.complete"
}
make_workspace small 100
make_workspace large 100000

# in process: the whole AgentRun.call(), every phase, as the plugin waits for it
./mvnw -q -B -ntp -DengineOnly -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
echo
java -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/bench.classpath)" \
  io.jenkins.plugins.sbxagent.engine.bench.InProcessOverheadBenchmark "$base/small" "$base/work-in-process" "$base/out-in-process" \
  "$image" "$(( runs * 2 ))"


# the command-line tool's cold start: a new JVM per run, started as scripts/sbx-agent starts it, right after a bare run,
# both from a warm page cache (JVM start, class loading and the tool's own set-up are what is measured). Each run
# starts once the run before has deleted its private folder.
settle() { while compgen -G "$work/sbx-agent-*" >/dev/null; do sleep 0.1; done; }
work="$base/work-cli"
mkdir -p "$work"
rounds=$(( runs * 2 ))
pairs=$(mktemp)
for i in $(seq 0 "$rounds"); do
  settle
  s=$(date +%s%N); docker run --rm --network none "$image" true; e=$(date +%s%N)
  settle
  rm -rf "$base/out-cold-start"
  s2=$(date +%s%N)
  scripts/sbx-agent run --workspace "$base/small" --out "$base/out-cold-start" --image "$image" --work-dir "$work" --tenant bench \
    -- sh -c 'echo change >> src/pkg0000/file000000.txt' >/dev/null 2>&1
  e2=$(date +%s%N)
  [ "$i" -gt 0 ] && echo "$(( (e - s) / 1000000 )) $(( (e2 - s2) / 1000000 ))" >> "$pairs"
done
python3 - "$pairs" "$image" <<'PY'
import sys, statistics
pairs = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
bare = statistics.median(p[0] for p in pairs)
tool = statistics.median(p[1] for p in pairs)
each = statistics.median(p[1] / p[0] for p in pairs)
print(f"command line (a new JVM per run, through scripts/sbx-agent, JVM start included): median {tool:.0f} ms = {tool / bare:.2f} x the bare"
      f" run's median of {bare:.0f} ms (docker run --rm --network none {sys.argv[2]} true), {len(pairs)} rounds;"
      f" the median of each round's ratio: {each:.2f} x")
PY
rm -f "$pairs"

bare=$(for i in $(seq 0 "$runs"); do
  s=$(date +%s%N); docker run --rm --network none "$image" true; e=$(date +%s%N)
  [ "$i" -gt 0 ] && echo $(( (e - s) / 1000000 ))
done | median)

printf '\nbaseline: docker run --rm --network none %s true: median %s ms over %s runs\n\n' "$image" "$bare" "$runs"
printf '%-16s %8s %8s %8s %8s %8s %8s %8s %8s %8s %9s %7s %9s %7s\n' case preflight stage start agent collect diff risk publish cleanup \
  "phases ms" "xbare" "wall ms" "xbare"
for workspace in small large; do
  for staging in overlay copy; do
    out="$base/out-$workspace-$staging"
    samples=$(mktemp)
    for i in $(seq 0 "$runs"); do
      rm -rf "$out"
      # the run before deletes its private folder after its result: each run starts once that is done and on disk
      while compgen -G "$work/sbx-agent-*" >/dev/null; do sleep 0.2; done
      drop_caches
      s=$(date +%s%N)
      scripts/sbx-agent run --workspace "$base/$workspace" --out "$out" --image "$image" --staging "$staging" \
        --work-dir "$work" --tenant bench -- sh -c 'echo change >> src/pkg0000/file000000.txt' >/dev/null 2>&1
      e=$(date +%s%N)
      # the phases from the run's own audit, then the wall time of the whole command (JVM start included): what a user waits for
      [ "$i" -gt 0 ] && python3 -c '
import json,sys; p=json.load(open(sys.argv[1]))["phasesMillis"]
print(" ".join(str(p.get(k,0)) for k in ["preflight","stage","start","agent","collect","diff","risk","publish","cleanup"]), sys.argv[2])' \
        "$out/audit.json" $(( (e - s) / 1000000 )) >> "$samples"
    done
    python3 - "$samples" "$workspace/$staging" "$bare" <<'PY'
import sys, statistics
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
med = [statistics.median(c) for c in zip(*rows)]
phases, wall = med[:-1], med[-1]
total = sum(phases)
bare = float(sys.argv[3])
print(f"{sys.argv[2]:16} " + " ".join(f"{m:8.0f}" for m in phases) + f" {total:9.0f} {total / bare:7.2f} {wall:9.0f} {wall / bare:7.2f}")
PY
    rm -f "$samples"
  done
done
# the copy's yardstick, in the same run: the system's own copy of the large workspace
rm -rf "$base/cp-a-probe"; drop_caches
s=$(date +%s%N); cp -a "$base/large" "$base/cp-a-probe"; e=$(date +%s%N)
rm -rf "$base/cp-a-probe"
printf '\nfor the copy: cp -a of the large workspace took %s ms in this run, from the same cold start as each run\n' \
  "$(( (e - s) / 1000000 ))"
echo
echo "Phases are medians of $runs runs after one warm-up, read from each run's audit.json; 'agent' holds the"
echo "container's own start and run, which the baseline measures alone. 'phases ms' sums every phase of the tool's run,"
echo "risk included, in a cold JVM; 'wall ms' is the whole command, JVM start included, each run from a page cache"
echo "dropped first (so that the copies compare from one state; the JVM's files are read from disk too). The in-process"
echo "line is the engine as the plugin runs it; the command-line line is the tool's cold start from a warm page cache."
echo "xbare = that time / baseline."
