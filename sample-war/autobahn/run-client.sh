#!/bin/sh
# Runs the Autobahn|Testsuite fuzzingserver (which tests a client) against Onramp's client container
# (dev.onramp.sample.launcher.AutobahnClient) and judges the report strictly (judge.py, as for the server).
#
# usage: sample-war/autobahn/run-client.sh            (from anywhere; builds the module if needed)
# env:   CASES    comma-separated case patterns (default "*"); EXCLUDE (default none; '12.*,13.*' skips permessage-deflate)
#        RIG      the folder of run-fuzzingserver.sh (default ../shared/autobahn beside the repository)
#        JAVA     java command (default: java)
# Reports land in sample-war/target/autobahn-client/. Exit: 0 every case passes, 1 some case fails, 2 setup problem.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/sample-war/target/autobahn-client"
RIG="${RIG:-$ROOT/../shared/autobahn}"
JAVA="${JAVA:-java}"
export EXCLUDE="${EXCLUDE-}"
CASES="${CASES:-*}"
[ -x "$RIG/run-fuzzingserver.sh" ] || { echo "no $RIG/run-fuzzingserver.sh: set RIG to the Autobahn rig folder" >&2; exit 2; }
CLASSES="$ROOT/sample-war/target/classes"
LIBS="$ROOT/sample-war/target/onramp-sample-war/WEB-INF/lib"
# the jakarta.websocket API comes with the container (here: inside the launcher jar), not with the WAR
API="$ROOT/sample-war/target/onramp-launcher.jar"
if [ ! -d "$LIBS" ] || [ ! -f "$CLASSES/dev/onramp/sample/launcher/AutobahnClient.class" ]; then
  echo "building the sample module..."
  (cd "$ROOT" && ./mvnw -B -q -pl sample-war -am package -DskipTests) || exit 2
fi
if command -v python3 >/dev/null 2>&1; then PY=python3; else PY="$RIG/py2"; fi
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$OUT"
rm -f "$OUT/index.json"
# the rig prints its own (lenient) judgement; ours below decides
"$RIG/run-fuzzingserver.sh" "$PORT" "$OUT" "$CASES" -- \
  "$JAVA" -cp "$CLASSES:$LIBS/*:$API" dev.onramp.sample.launcher.AutobahnClient > "$OUT/rig.log" 2>&1
tail -3 "$OUT/rig.log"
[ -s "$OUT/index.json" ] || { echo "no $OUT/index.json; see $OUT/rig.log" >&2; exit 2; }
"$PY" "$HERE/judge.py" "$OUT/index.json"
