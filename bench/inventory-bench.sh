#!/usr/bin/env bash
# inventory-bench.sh - P5, P4 and the engine half of P3 of docs/benchmarks.md, in one engine:
#   P5  10,000 simulated hosts and 100,000 (discovered) instances loaded; heap used after a full GC
#   P3  placement decisions through the engine (POST /placements/explain) over 1,000 and 10,000
#       hosts, against the in-process ranking of bench/placement-bench.sh in the same run
#   P4  p50/p99 of one page of GET /api/v1/instances at about 200 requests/s (wrk), against
#       GET /api/v1/zones (same stack, tiny table) at the same rate in the same run
#
# Usage: bench/inventory-bench.sh   (needs a built distribution: mvn -B install -DskipTests)
# Environment: HOSTS (10000), SEED (10 instances per host), DECISIONS (200), RATE (200), DURATION (30 s per wrk run),
#              HEAP (-Xmx2g), BENCH_HTTP_PORT/BENCH_SSH_PORT/BENCH_RMI_REGISTRY_PORT/BENCH_RMI_SERVER_PORT
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
HOSTS="${HOSTS:-10000}"
SEED="${SEED:-10}"
DECISIONS="${DECISIONS:-200}"
RATE="${RATE:-200}"
SECONDS_PER_RUN="${DURATION:-30}"
PASSWORD=bench-admin-password
CONNECTIONS=20

die() { printf 'inventory-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

for n in "$HOSTS" "$SEED" "$DECISIONS" "$RATE" "$SECONDS_PER_RUN"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "HOSTS, SEED, DECISIONS, RATE and DURATION must be positive integers"
done
if ! command -v wrk >/dev/null; then
    [[ $(id -u) == 0 ]] || die "wrk is missing: apt-get install wrk"
    log "installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi

WORK=$(mktemp -d)
cleanup() {
    stop_engine "$WORK"
    rm -rf "$WORK"
}
trap cleanup EXIT
start_engine "$WORK" "${HEAP:=-Xmx2g}"
PID=$(tr -dc '0-9' <"$WORK/ovm/karaf.pid")

heap() {
    jcmd "$PID" GC.run >/dev/null
    sleep 2
    jcmd "$PID" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") print $(i+1)}'
}

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "engine: $HEAP, monitor period 10 s, sync period 15 s (defaults)"
echo "P5 heap used after a full GC, empty inventory: $(heap)"
log "loading $HOSTS hosts with $SEED instances each (discovered by inventory sync)"
java "$HERE/InventoryBench.java" "http://127.0.0.1:$HTTP_PORT/api/v1" \
    "$PASSWORD" "$HOSTS" "$SEED" "$DECISIONS"
echo "P5 heap used after a full GC, $HOSTS hosts and $((HOSTS * SEED)) instances: $(heap)"
echo "P5 engine RSS: $(($(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024)) MiB"

log "P4: GET at ~$RATE requests/s for $SECONDS_PER_RUN s each"
cat >"$WORK/page.lua" <<LUA
wrk.headers["Authorization"] = "Basic $(printf 'admin:%s' "$PASSWORD" | base64 -w0)"
local path = os.getenv("BENCH_PATH")
local pause = tonumber(os.getenv("BENCH_DELAY"))
request = function() return wrk.format("GET", path) end
delay = function() return pause end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p99 %.1f ms, %.0f requests/s, %d errors\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
p4() {
    BENCH_PATH="$1" BENCH_DELAY=$((CONNECTIONS * 1000 / RATE)) wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" \
        -s "$WORK/page.lua" "http://127.0.0.1:$HTTP_PORT" | tail -n 1
}
echo "P4 GET /api/v1/zones (baseline): $(p4 /api/v1/zones)"
echo "P4 GET /api/v1/instances?limit=50 (first page of $((HOSTS * SEED))): $(p4 '/api/v1/instances?limit=50')"
echo "P4 GET /api/v1/instances?limit=50&offset=50000: $(p4 '/api/v1/instances?limit=50&offset=50000')"
echo "P4 GET /api/v1/instances?hostId=<one host> (10 rows): $(p4 "/api/v1/instances?hostId=$(curl -s -u "admin:$PASSWORD" \
    "http://127.0.0.1:$HTTP_PORT/api/v1/hosts?limit=1" | sed 's/.*"items":\[{"id":"\([^"]*\)".*/\1/')")"

log "P3 in-process baseline over $HOSTS hosts"
HOSTS=$HOSTS DECISIONS=500 BATCH=100 "$HERE/placement-bench.sh" | grep -i "p50\|machine" || true
