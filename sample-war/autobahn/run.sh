#!/bin/sh
# Runs the Autobahn|Testsuite fuzzingclient against the sample WAR served by the launcher, and judges strictly.
#
# usage: sample-war/autobahn/run.sh            (from anywhere)
# env:   CASES    comma-separated case patterns to run (default "*"), e.g. CASES='1.*,2.*' or CASES=9.1.1
#        EXCLUDE  comma-separated patterns left out (default none; EXCLUDE='12.*,13.*' leaves out the
#                 permessage-deflate sections, which take about 30-50 minutes of the run on a 2-core machine)
#        WSTEST   path of wstest (else wstest on PATH, else ../shared/autobahn/wstest next to the repository)
#        CONTAINER jetty (default, as the launcher) or tomcat: which embedded container serves the WAR
#        IO       native (default, as the launcher: Onramp on the container module's own I/O) or servlet (the
#                 portable servlet path, native I/O off for the WAR)
#        JAVA     java command (default: java)
# Reports land in sample-war/target/autobahn-CONTAINER/ (autobahn-CONTAINER-servlet/ for IO=servlet; index.html, index.json, wstest.log, launcher.log).
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

mkdir -p "$OUT"
rm -f "$OUT/index.json" "$OUT/launcher.log"   # the URL is read from launcher.log: never from a previous run's
"$JAVA" -jar "$JAR" --port 0 --container "$CONTAINER" --io "$IO" "$WAR" > "$OUT/launcher.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT INT TERM
URL=""
i=0
while [ $i -lt 600 ]; do   # up to 60 s for the server to start
  URL="$(sed -n 's/^Onramp echo server listening on \(ws:[^ ]*\)$/\1/p' "$OUT/launcher.log" | head -1)"
  [ -n "$URL" ] && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.1; i=$((i+1))
done
if [ -z "$URL" ]; then
  echo "the launcher did not start; tail of $OUT/launcher.log:" >&2; tail -20 "$OUT/launcher.log" >&2; exit 2
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
