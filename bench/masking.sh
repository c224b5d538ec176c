#!/usr/bin/env bash
# Benchmark (not a test): the secret masker's throughput next to a memory copy and a regex
# alternation measured in the same run. Usage: bench/masking.sh [megabytes] [secrets]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DengineOnly -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx4g -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/bench.classpath)" \
  io.jenkins.plugins.sbxagent.engine.bench.MaskingBenchmark "${1:-128}" "${2:-50}"
