#!/bin/sh
# Runs the Autobahn|Testsuite fuzzingclient against the sample WAR served by the launcher, and judges strictly.
#
# usage: sample-war/autobahn/run.sh            (from anywhere)
# env:   CASES    comma-separated case patterns to run (default "*"), e.g. CASES='1.*,2.*' or CASES=9.1.1
#        EXCLUDE  comma-separated patterns left out (default none; EXCLUDE='12.*,13.*' leaves out the
#                 permessage-deflate sections, which take about 30-50 minutes of the run on a 2-core machine)
#        WSTEST   path of wstest (else wstest on PATH, else ../shared/autobahn/wstest next to the repository)
#        CONTAINER jetty (default, as the launcher), tomcat or undertow: which embedded container of the launcher
#                 serves the WAR; or payara: Payara Micro 7 (java -jar payara-micro.jar --addLibs
#                 onramp-payara-fix.jar --deploy WAR), which needs a JDK 21 or newer
#        IO       native (default, as the launcher: Onramp on the Jetty or Tomcat module's own I/O) or servlet (the
#                 portable servlet path, native I/O off for the WAR); Undertow and Payara always take the servlet path
#        JAVA     java command (default: java)
#        PAYARA_JAVA  java command for Payara (default: JAVA if it is 21 or newer, else the newest JDK 21+ under
#                 /usr/lib/jvm); PAYARA_JAR  payara-micro.jar (default: the pom's version from the local Maven
#                 repository, fetched there if missing)
# Reports land in sample-war/target/autobahn-CONTAINER/ (autobahn-CONTAINER-servlet/ for IO=servlet; index.html,
# index.json, wstest.log, launcher.log).
# Exit: 0 every case passes, 1 some case fails (listed), 2 setup problem.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CASES="${CASES:-*}"
EXCLUDE="${EXCLUDE-}"
JAVA="${JAVA:-java}"
CONTAINER="${CONTAINER:-jetty}"
IO="${IO:-native}"
OUT="$ROOT/sample-war/target/autobahn-$CONTAINER"
[ "$IO" = native ] || OUT="$OUT-$IO"
JAR="$ROOT/sample-war/target/onramp-launcher.jar"
WAR="$ROOT/sample-war/target/onramp-sample-war.war"

if [ -n "${WSTEST:-}" ]; then :
elif command -v wstest >/dev/null 2>&1; then WSTEST="$(command -v wstest)"
elif [ -x "$ROOT/../shared/autobahn/wstest" ]; then WSTEST="$ROOT/../shared/autobahn/wstest"
else echo "wstest not found: set WSTEST, put it on PATH, or provide ../shared/autobahn/wstest" >&2; exit 2
fi

if [ ! -f "$JAR" ] || [ ! -f "$WAR" ]; then
  echo "building the sample WAR and launcher..."
  (cd "$ROOT" && ./mvnw -B -q -pl sample-war -am package -DskipTests) || exit 2
fi

# a JDK of feature version 21 or newer: $PAYARA_JAVA, $JAVA, or the newest under /usr/lib/jvm
java21() {
  if [ -n "${PAYARA_JAVA:-}" ]; then echo "$PAYARA_JAVA"; return; fi
  v=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  if [ "${v:-0}" -ge 21 ]; then echo "$JAVA"; return; fi
  best=""; bestv=0
  for rel in /usr/lib/jvm/*/release; do
    [ -f "$rel" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
    d=$(dirname "$rel")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$bestv" ] && [ -x "$d/bin/java" ]; then best="$d/bin/java"; bestv=$v; fi
  done
  echo "$best"
}

mkdir -p "$OUT"
rm -f "$OUT/index.json" "$OUT/launcher.log"   # the URL is read from launcher.log: never from a previous run's
if [ "$CONTAINER" = payara ]; then
  PJAVA="$(java21)"
  [ -n "$PJAVA" ] || { echo "Payara Micro 7 needs a JDK 21 or newer: set PAYARA_JAVA" >&2; exit 2; }
  if [ -z "${PAYARA_JAR:-}" ]; then
    V="$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
    PAYARA_JAR="$HOME/.m2/repository/fish/payara/extras/payara-micro/$V/payara-micro-$V.jar"
    [ -f "$PAYARA_JAR" ] || (cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact="fish.payara.extras:payara-micro:$V") || exit 2
  fi
  FIX="$(ls "$ROOT"/payara-fix/target/onramp-payara-fix-*.jar 2>/dev/null | head -1)"
  if [ -z "$FIX" ]; then
    (cd "$ROOT" && ./mvnw -B -q -pl payara-fix -am package -DskipTests) || exit 2
    FIX="$(ls "$ROOT"/payara-fix/target/onramp-payara-fix-*.jar | head -1)"
  fi
  L="set configs.config.server-config.network-config.network-listeners.network-listener"
  printf '%s\n' "$L.http-listener.address=127.0.0.1" > "$OUT/pre-boot-commands.txt"
  # a port in the ephemeral range; Payara moves on to the next free one if it is taken
  "$PJAVA" -jar "$PAYARA_JAR" --nohazelcast --rootdir "$OUT/payara-runtime" \
    --prebootcommandfile "$OUT/pre-boot-commands.txt" --port $((20000 + $$ % 20000)) --autoBindHttp \
    --contextroot / --addLibs "$FIX" --deploy "$WAR" > "$OUT/launcher.log" 2>&1 &
else
  "$JAVA" -jar "$JAR" --port 0 --container "$CONTAINER" --io "$IO" "$WAR" > "$OUT/launcher.log" 2>&1 &
fi
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT INT TERM
URL=""
i=0
while [ $i -lt 1200 ]; do   # up to 120 s for the server to start
  if [ "$CONTAINER" = payara ]; then
    URL="$(sed -n 's|^http://localhost:\([0-9]*\)/$|ws://127.0.0.1:\1/echo|p' "$OUT/launcher.log" | head -1)"
  else
    URL="$(sed -n 's/^Onramp echo server listening on \(ws:[^ ]*\)$/\1/p' "$OUT/launcher.log" | head -1)"
  fi
  [ -n "$URL" ] && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.1; i=$((i+1))
done
if [ -z "$URL" ]; then
  echo "the server did not start; tail of $OUT/launcher.log:" >&2; tail -20 "$OUT/launcher.log" >&2; exit 2
fi
echo "server: $URL ($CONTAINER, $IO I/O)  cases: $CASES  excluded: ${EXCLUDE:-none}"

tojson() { printf '%s' "$1" | awk -v RS=',' 'BEGIN{printf "["} NF{gsub(/^[ \t]+|[ \t\n]+$/,""); printf "%s\"%s\"", (n++?", ":""), $0} END{printf "]"}'; }
cat > "$OUT/fuzzingclient.json" <<JSON
{
  "outdir": "$OUT",
  "servers": [ { "agent": "onramp", "url": "$URL" } ],
  "cases": $(tojson "$CASES"),
  "exclude-cases": $(tojson "$EXCLUDE"),
  "exclude-agent-cases": {}
}
JSON
START=$(date +%s)
( cd "$OUT" && "$WSTEST" -m fuzzingclient -s "$OUT/fuzzingclient.json" ) > "$OUT/wstest.log" 2>&1
RC=$?
echo "wstest exit=$RC time=$(( $(date +%s) - START ))s log=$OUT/wstest.log"
kill $PID 2>/dev/null; wait $PID 2>/dev/null; trap - EXIT INT TERM
if [ ! -s "$OUT/index.json" ]; then
  echo "no $OUT/index.json; tail of wstest.log:" >&2; tail -20 "$OUT/wstest.log" >&2; exit 2
fi
if command -v python3 >/dev/null 2>&1; then PY=python3
elif [ -x "$(dirname "$WSTEST")/py2" ]; then PY="$(dirname "$WSTEST")/py2"
else PY=python
fi
"$PY" "$HERE/judge.py" "$OUT/index.json"
