#!/usr/bin/env bash
# End-to-end benchmarks: builds the benchmarks module (and the Onramp modules it needs), then runs the matrix of
# servers x workloads in one runner JVM. See benchmarks/README.md, section "End-to-end".
#
#   benchmarks/run.sh            full matrix: 3 interleaved rounds, 10,000 idle connections (about 15 minutes)
#   benchmarks/run.sh --quick    one round, short phases, 1,000 idle connections (under 3 minutes)
#   benchmarks/run.sh --smoke    one very short round, no 64 KiB row (CI: checks that every server echoes; no timing)
#   extra arguments go to dev.onramp.bench.load.Matrix, e.g. --servers onramp,tcp  --rounds 5  --jfr  --no-build
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"

build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    *) args+=("$a") ;;
  esac
done

if [[ $build == 1 ]]; then
  echo "building (mvn -pl benchmarks -am package -DskipTests)..."
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi

# 10,000 idle connections need 10,000+ descriptors on each side; raise the soft limit as far as allowed
hard=$(ulimit -Hn)
if [[ "$hard" == unlimited || "$hard" -ge 32768 ]]; then ulimit -n 32768 2>/dev/null || true; else ulimit -n "$hard" 2>/dev/null || true; fi

# the server JVMs on cpu 0, the load generator on the others, when taskset exists and there are 2+ cpus
pin=()
runner=()
cpus=$(nproc 2>/dev/null || echo 1)
if command -v taskset >/dev/null 2>&1 && [[ "$cpus" -ge 2 ]]; then
  pin=(--pin-server 0)
  runner=(taskset -c "1-$((cpus - 1))")
fi

java=java
[[ -n "${JAVA_HOME:-}" ]] && java="$JAVA_HOME/bin/java"
cp="$target/classes:$(cat "$target/classpath-load.txt")"
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), $("$java" -version 2>&1 | head -1)"
exec ${runner[@]+"${runner[@]}"} "$java" -Xmx1g -cp "$cp" dev.onramp.bench.load.Matrix \
  --target "$target" ${pin[@]+"${pin[@]}"} --out "$target/e2e-results.md" ${args[@]+"${args[@]}"}
