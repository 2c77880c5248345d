#!/usr/bin/env bash
# monitor-bench.sh - the host monitor's CPU cost (issue 17): HOSTS simulated hosts, all UP, then the engine JVM's
# CPU time over SECONDS of nothing but monitoring, as a share of one core, with the monitor period PERIOD (seconds).
#
# Usage: bench/monitor-bench.sh   (needs a built distribution; no backend)
# Environment: HOSTS (10000), PERIOD (5), SECONDS (60), HEAP (-Xmx2g), TARBALL, BENCH_*_PORT (see bench/lib.sh).
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
HOSTS="${HOSTS:-10000}"
PERIOD="${PERIOD:-5}"
SECONDS_MEASURED="${SECONDS:-60}"
PASSWORD=bench-admin-password

die() { printf 'monitor-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

WORK=$(mktemp -d)
cleanup() {
    stop_engine "$WORK"
    rm -rf "$WORK"
}
trap cleanup EXIT
start_engine "$WORK" "${HEAP:--Xmx2g} -Dovm.monitor.period=$PERIOD"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "engine: OVM with ${HEAP:--Xmx2g}, monitor period $PERIOD s"
javac -nowarn -d "$WORK/classes" "$HERE/MonitorBench.java" "$HERE/BenchApi.java"
java -cp "$WORK/classes" MonitorBench "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" "$HOSTS" \
    "$(tr -dc '0-9' <"$WORK/ovm/karaf.pid")" "$SECONDS_MEASURED"
