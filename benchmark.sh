#!/usr/bin/env bash
# Builds the project and runs the benchmark harness on the real local infrastructure (embedded PostgreSQL,
# KRaft Kafka, the four services with their relays). Prints the report and writes it to docs/benchmarks.md
# (full scale) or local-stack/target/benchmarks-<scale>.md.
#   ./benchmark.sh [--scale small|medium|deletion|full] [--tenfold-deletion] [--jfr] [--no-build]
#   ./benchmark.sh --faults [--users=20000] [--no-build]   (the fault harness, larger than in the test suite)
# --tenfold-deletion adds a delete-all of ten times the scale's (1,000,000 users at full scale, seeded and
# ingested on top): opt-in, the full run with it does not fit in 30 minutes.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
scale=full
build=true
faults=false
users=20000
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --scale=*) scale="${1#--scale=}"; shift ;;
    --no-build) build=false; shift ;;
    --jfr) extra+=(--jfr); shift ;;
    --tenfold-deletion) extra+=(--tenfold-deletion); shift ;;
    --faults) faults=true; shift ;;
    --users=*) users="${1#--users=}"; shift ;;
    *) echo "usage: $0 [--scale small|medium|deletion|full] [--tenfold-deletion] [--jfr] [--no-build] | --faults [--users=N] [--no-build]" >&2; exit 2 ;;
  esac
done
if $build; then
  # clean: a service jar is not repackaged when only a library it uses changed
  ./mvnw -B -q -ntp -DskipTests clean install
fi
opts=()
# JDK 24+ warns when Kafka uses sun.misc.Unsafe; allow it quietly
[ "$JAVA_MAJOR" -ge 24 ] && opts+=(--sun-misc-unsafe-memory-access=allow)
if $faults; then
  exec "$JAVA_HOME/bin/java" "${opts[@]}" -Xmx1g -Dloader.main=dev.userdeletion.localstack.faults.FaultRun \
    -cp local-stack/target/local-stack.jar org.springframework.boot.loader.launch.PropertiesLauncher --users="$users"
fi
exec "$JAVA_HOME/bin/java" "${opts[@]}" -Xmx2g -Dhttp.maxConnections=32 -Dbenchmark.command="./benchmark.sh --scale $scale${extra[*]:+ ${extra[*]}}" \
  -Dloader.main=dev.userdeletion.localstack.benchmark.Benchmark \
  -cp local-stack/target/local-stack.jar org.springframework.boot.loader.launch.PropertiesLauncher \
  --scale="$scale" "${extra[@]}"
