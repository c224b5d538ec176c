# Sourced by the benchmarks: the Docker engine up, the test images built, the tool's jar and class-data-sharing
# archive in place; the benchmarks' folder and image; and the helpers they print with.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image=sbx-agent/busybox:1
base="${SBX_BENCH_DIR:-/var/tmp/sbx-agent-bench}"
jar=engine/target/sbx-agent.jar

scripts/docker/start-engine.sh >/dev/null 2>&1
scripts/docker/build-images.sh >/dev/null 2>&1
# the jar and, beside it, the class-data-sharing archive scripts/sbx-agent starts the tool with
[ -f "$jar" ] && [ -f "${jar%.jar}.jsa" ] || ./mvnw -q -B -ntp -DengineOnly -pl engine package -DskipTests

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
# the disk and the page cache as cold as the machine allows, so that copies are compared from one state
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
