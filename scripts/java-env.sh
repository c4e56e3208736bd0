# Sourced by run-local.sh and .ci/run: selects a JDK 21+ (JAVA_HOME if it is one, else Temurin 25, else any 21+).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p' | head -n1; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  :
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
else
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  echo "A JDK 21 or newer is required (set JAVA_HOME)." >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
JAVA_MAJOR="$(java_major "$JAVA_HOME")"
export JAVA_MAJOR
