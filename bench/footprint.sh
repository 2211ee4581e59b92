#!/bin/sh
# Dependency footprint of each OpenAI client: the jars on its runtime classpath, counted and summed.
#   Pictor:      sdk-openai and its runtime dependencies (sdk-core, OkHttp, Okio, Kotlin stdlib, Moshi, Failsafe, SLF4J API)
#   openai-java: com.openai:openai-java:4.100.0 as published (OkHttp 4.12.0). Next to Pictor in one application,
#                pin okhttp to 5.5.1 as the bench's profile does: Pictor's okhttp-jvm then serves both.
# Usage: bench/footprint.sh [-o]     -o: Maven offline, once the jars are in the local repository
#        VERBOSE=1 bench/footprint.sh  also lists the jars
# Run after sdk-openai has been packaged (its own jar is counted from sdk-openai/target).
set -eu
cd "$(dirname "$0")/.."
OFFLINE="${1:-}"
DEP=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

sum() { # $1 label, $2 file holding a classpath, $3 an extra jar (optional)
  { tr ':' '\n' < "$2"; echo; if [ -n "${3:-}" ]; then echo "$3"; fi; } | grep -v '^$' > "$TMP/list"
  count=$(wc -l < "$TMP/list")
  bytes=$(xargs stat -c %s < "$TMP/list" | awk '{s+=$1} END {print s}')
  awk -v l="$1" -v n="$count" -v b="$bytes" 'BEGIN {printf "%-12s %3d jars %10d bytes (%.1f MB)\n", l, n, b, b/1048576}'
  if [ -n "${VERBOSE:-}" ]; then sed 's|.*/||; s|^|    |' "$TMP/list"; fi
}

mvn -q -B $OFFLINE -pl sdk-openai $DEP:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$TMP/pictor.cp" >/dev/null
sum "Pictor" "$TMP/pictor.cp" "$(ls sdk-openai/target/sdk-openai-*.jar | grep -v -e sources -e javadoc | head -1)"

cat > "$TMP/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>footprint</groupId><artifactId>openai-java</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>com.openai</groupId><artifactId>openai-java</artifactId><version>4.100.0</version></dependency>
  </dependencies>
</project>
POM
mvn -q -B $OFFLINE -f "$TMP/pom.xml" $DEP:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$TMP/openai.cp" >/dev/null
sum "openai-java" "$TMP/openai.cp"
