#!/usr/bin/env bash
# Lists a dead-letter topic, or republishes chosen records to their source topic once their cause is fixed.
# Usage: ./replay-dead-letters.sh --topic=deletion.commands-dlt [--bootstrap-servers=localhost:9092]
#        ./replay-dead-letters.sh --topic=deletion.commands-dlt --key=<userId>[,<userId>...]
#        ./replay-dead-letters.sh --topic=deletion.commands-dlt --at=<partition>:<offset>[,...]
#        ./replay-dead-letters.sh --topic=deletion.outcomes-dlt --all
# Replaying is safe to repeat: records keep their event ids, and every consumer drops what it applied already.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh >/dev/null
[ -f local-stack/target/local-stack.jar ] || ./mvnw -B -q -ntp -DskipTests install
exec "$JAVA_HOME/bin/java" -cp local-stack/target/local-stack.jar \
  -Dloader.main=dev.userdeletion.localstack.replay.ReplayDeadLetters org.springframework.boot.loader.launch.PropertiesLauncher "$@"
