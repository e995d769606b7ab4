#!/bin/bash
# Counts the system calls, context switches and CPU time of one server JVM per message of row (a), 64 B echo on one
# connection: runs that row alone (3 s warm-up, 14 s measured) and attaches `perf stat` to the server for 5 s of it.
# Usage (from the project root, after benchmarks/run.sh built everything): benchmarks/syscalls-per-message.sh SERVER
# with SERVER one of run.sh's keys (onramp, onramp-tomcat, jetty, tomcat, ...). Needs perf with syscall tracepoints.
# The per-message figures divide the counts by the row's rate times 5 s, so they are approximate (±5 %).
set -euo pipefail
server="${1:?usage: $0 SERVER (a key of benchmarks/run.sh --servers)}"
work="$(mktemp -d)"
benchmarks/run.sh --no-build --servers "$server" --workloads a1 --rounds 1 --warmup 3 --measure 14 > "$work/run.txt" 2>&1 &
runner=$!
sleep 10
pid="$(pgrep -f 'dev.onramp.bench.servers.[A-Za-z]*EchoServer' | head -1)"
perf stat -e 'syscalls:sys_enter_futex,syscalls:sys_enter_read,syscalls:sys_enter_writev,syscalls:sys_enter_write,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_ctl,context-switches,task-clock' \
    -p "$pid" -o "$work/perf.txt" -- sleep 5
wait "$runner"
rate="$(grep -E '^\| \(a\) 64 B text echo, 1 conn \|' "$work/run.txt" | awk -F'|' '{gsub(/[, ]/, "", $4); print $4}')"
echo "$server: $rate msg/s over the row; per message during 5 s of it:"
awk -v r="$rate" '/syscalls|context-switches|task-clock/ {gsub(/,/, "", $1); name = ($2 == "msec") ? "CPU µs (task-clock)" : $2;
    v = ($2 == "msec") ? $1 * 1000 / (r * 5) : $1 / (r * 5); printf "  %-34s %8.2f\n", name, v}' "$work/perf.txt"
rm -rf "$work"
