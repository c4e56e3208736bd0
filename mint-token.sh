#!/usr/bin/env bash
# Prints an access token signed with the local run's key (start ./run-local.sh once first).
# Usage: ./mint-token.sh --role=PLATFORM_ADMIN --platform=acme-academy [--sub=admin-7] [--hours=12]
#        ./mint-token.sh --role=CSM        (roles: PLATFORM_ADMIN, CSM, AUDITOR, SERVICE, PLATFORM_PROVISIONER;
#                                           several: --role=CSM,AUDITOR)
#        --audience=user-query-service     (the services the token is for, comma-separated; default: every service
#                                           for people's roles, membership-service for SERVICE/PLATFORM_PROVISIONER)
#        --data-dir=.local-data            (where the local run keeps its key)
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh >/dev/null
[ -f local-stack/target/local-stack.jar ] || ./mvnw -B -q -ntp -DskipTests install
exec "$JAVA_HOME/bin/java" -cp local-stack/target/local-stack.jar \
  -Dloader.main=dev.userdeletion.localstack.MintToken org.springframework.boot.loader.launch.PropertiesLauncher "$@"
