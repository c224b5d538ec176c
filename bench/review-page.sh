#!/usr/bin/env bash
# Benchmark (not a test): review.html of a run with a large diff (a single-line file among many) and a long
# conversation, next to reading the same inputs as text, measured in the same run; the heap is capped at 64 MiB so that a
# page that held its input in memory would fail. Usage: bench/review-page.sh [diff megabytes] [events]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DengineOnly -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx64m -XX:+UseSerialGC -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/bench.classpath)" \
  io.jenkins.plugins.sbxagent.engine.bench.ReviewPageBenchmark "${1:-100}" "${2:-50000}"
