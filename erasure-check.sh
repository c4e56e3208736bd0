#!/usr/bin/env bash
# Looks everywhere the product keeps anything (every table of every database, every record of every Kafka topic,
# dead-letter and relay offset topics included, the local run's caught mail and logs) for one user id or email
# address, and prints where it is found: places and counts, never a value (README, "Erasure").
# Usage: ./erasure-check.sh --user-id=<uuid> | --email=<address> (or both)
#        [--bootstrap-servers=localhost:9092] [--postgres=localhost:5432,localhost:5433] [--db-user=postgres]
#        [--db-password=postgres] [--data-dir=.local-data]   (--postgres: every server, comma-separated)
# Exit status: 0 no personal data found, 1 personal data found, 2 bad input, 3 PostgreSQL or Kafka unreachable.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh >/dev/null
[ -f local-stack/target/local-stack.jar ] || ./mvnw -B -q -ntp -DskipTests install
exec "$JAVA_HOME/bin/java" -cp local-stack/target/local-stack.jar \
  -Dloader.main=dev.userdeletion.localstack.erasure.CheckErasure org.springframework.boot.loader.launch.PropertiesLauncher "$@"
