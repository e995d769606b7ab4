#!/usr/bin/env bash
# Runs the Jakarta WebSocket 2.2 TCK against Onramp (embedded Jetty 12 or Tomcat 11 through the tck-adapter module).
#
#   tck-adapter/run-tck.sh                                                  the whole TCK (737 tests) in Jetty
#   CONTAINER=tomcat tck-adapter/run-tck.sh                                 the same in Tomcat (jetty is the default)
#   IO=servlet tck-adapter/run-tck.sh                                       on the portable servlet I/O path (the
#                                                                           container module's native path is the default)
#   tck-adapter/run-tck.sh -Dit.test='com.sun.ts.tests.websocket.negdep.**' a subtree (any mvn option passes through)
#   tck-adapter/run-tck.sh -Dtck.version=2.2.0                              the official zip's jars, installed by its own script
#
# The 2.2.1-SNAPSHOT jars are installed from ../shared/tck (relative to the repository root; TCK_DIR overrides).
# Unit tests of the upstream modules are skipped; failsafe runs the TCK. Ends with a one-line summary and failsafe's
# exit code.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tck_dir=${TCK_DIR:-$root/../shared/tck}
mvn=${MVN:-$root/mvnw}
container=${CONTAINER:-jetty}
io=${IO:-native}
case "$io" in
  native) native_io=true ;;
  servlet) native_io=false ;;
  *) echo "IO must be native or servlet, not $io" >&2; exit 2 ;;
esac

case " $* " in
  *" -Dtck.version="*) ;;  # another TCK version: its jars were installed by the user
  *)
    if [ -x "$tck_dir/install.sh" ]; then
      MVN="$mvn" "$tck_dir/install.sh" || exit 1
    else
      echo "no $tck_dir/install.sh: assuming the TCK jars are already in the local repository" >&2
    fi
    ;;
esac

reports="$here/target/failsafe-reports"
rm -rf "$reports"
cd "$root" || exit 1
"$mvn" -B -Ptck verify -pl tck-adapter -am \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Donramp.tck.container="$container" \
  -Donramp.tck.nativeIo="$native_io" "$@"
rc=$?

summary="$reports/failsafe-summary.xml"
if [ ! -f "$summary" ]; then
  echo "TCK: no failsafe summary at $summary (the build failed before the tests ran)"
  exit $rc
fi
field() { sed -n "s:.*<$1>\([0-9]*\)</$1>.*:\1:p" "$summary" | head -1; }
run=$(field completed); errors=$(field errors); failures=$(field failures); skipped=$(field skipped)
run=${run:-0}; errors=${errors:-0}; failures=${failures:-0}; skipped=${skipped:-0}
passed=$((run - errors - failures - skipped))

# The failing tests, one "class.method: failure|error" a line, read from the per-class reports.
for report in "$reports"/TEST-*.xml; do
  [ -f "$report" ] || continue
  awk '
    /<testcase / {
      match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7)
      match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12)
    }
    /<failure/ { print "  FAILED " cls "." name }
    /<error/   { print "  ERROR  " cls "." name }
  ' "$report"
done
echo "TCK ($container, $io I/O): run $run, passed $passed, failed $failures, errors $errors, skipped $skipped"
exit $rc
