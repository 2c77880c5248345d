#!/usr/bin/env bash
# ha-scale-bench.sh - the issue 17 scale run of docs/benchmarks.md on the simulator: HOSTS simulated hosts, FAILED of
# them stop answering at once with HA_PER_HOST HA instances each; an admin confirms them off; every HA instance must
# run elsewhere, restarted once, with no host over capacity. Prints the times.
#
# Usage: bench/ha-scale-bench.sh   (needs a built distribution; no backend)
# Environment: HOSTS (1000), FAILED (100), HA_PER_HOST (4), HEAP (-Xmx2g), TARBALL, BENCH_*_PORT (see bench/lib.sh).
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
HOSTS="${HOSTS:-1000}"
FAILED="${FAILED:-100}"
HA_PER_HOST="${HA_PER_HOST:-4}"
PASSWORD=bench-admin-password

die() { printf 'ha-scale-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

for v in HOSTS FAILED HA_PER_HOST; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
done
((FAILED < HOSTS)) || die "FAILED must be below HOSTS"
WORK=$(mktemp -d)
cleanup() {
    stop_engine "$WORK"
    rm -rf "$WORK"
}
trap cleanup EXIT
start_engine "$WORK" "${HEAP:--Xmx2g}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "engine: OVM with ${HEAP:--Xmx2g}, monitor period 5 s (the default)"
javac -nowarn -d "$WORK/classes" "$HERE/HaScaleBench.java" "$HERE/BenchApi.java"
java -cp "$WORK/classes" HaScaleBench "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" "$HOSTS" "$FAILED" \
    "$HA_PER_HOST" "$WORK/down"
