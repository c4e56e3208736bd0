#!/usr/bin/env bash
# Runs the whole system locally: builds what is needed, then starts PostgreSQL, Kafka and the four
# services and the admin gateway with demo data, and prints the admin page URL first. Options: --fresh (start
# with empty data), --no-demo-data, --gateway-port=8080,
# --pg-port=5432 (and the next port for the read model's server), --kafka-port=9092, --data-dir=.local-data, --instances=2 (two of every service). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
# clean: a service jar is not repackaged when only a library it uses changed
./mvnw -B -q -ntp -DskipTests clean install
java_opts=()
# JDK 24+ warns when Kafka uses sun.misc.Unsafe; allow it quietly
[ "$JAVA_MAJOR" -ge 24 ] && java_opts+=(--sun-misc-unsafe-memory-access=allow)
exec "$JAVA_HOME/bin/java" "${java_opts[@]}" -jar local-stack/target/local-stack.jar "$@"
