#!/usr/bin/env bash
# esxi-bench.sh - E1 of docs/benchmarks.md on one simulated ESXi host, OVM vs the same SOAP calls
# made directly (govmomi's client, esxi-check) in the same run:
#   E1  create+power-on of one diskless VM (1 vCPU, 64 MiB): OVM REST vs CreateVM_Task + PowerOnVM_Task
#
# Usage: bench/esxi-bench.sh   (needs ./ovm backends up esxi and a built distribution; on a
#        machine shared with Maven builds run it under their lock, e.g.
#        flock /tmp/ovm-build.lock bench/esxi-bench.sh, so that no build runs meanwhile)
# Environment: REPS (repetitions per side, default 20), TARBALL, EXTRA_JAVA_OPTS (-Xmx512m),
#              BENCH_*_PORT (see bench/lib.sh). It uses the second simulated host (ESXI_URL_2).
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
REPS="${REPS:-20}"
PASSWORD=bench-admin-password

die() { printf 'esxi-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"
BACKENDS_ENV=$("$REPO_ROOT/ovm" backends env esxi 2>/dev/null || true)
esxi_env() { sed -n "s/^$1=//p" <<<"$BACKENDS_ENV"; }
URL=$(esxi_env ESXI_URL_2)
CHECK=$(esxi_env ESXI_CHECK)
[[ -n $URL && -x $CHECK ]] || die "no simulated ESXi host: run ./ovm backends up esxi first"
export ESXI_PASSWORD
ESXI_PASSWORD=$(esxi_env ESXI_PASSWORD)

WORK=$(mktemp -d)
cleanup() {
    stop_engine "$WORK"
    rm -rf "$WORK"
    # VMs left by an aborted run (EsxiBench deletes its own; names start with ebench-)
    "$CHECK" -url "$URL" -user "$(esxi_env ESXI_USER)" -ca "$(esxi_env ESXI_CA)" vms 2>/dev/null |
        grep -o '"ebench-[^"]*"' | tr -d '"' | while read -r vm; do
            "$CHECK" -url "$URL" -user "$(esxi_env ESXI_USER)" -ca "$(esxi_env ESXI_CA)" destroy "$vm" >/dev/null 2>&1 || true
        done
}
trap cleanup EXIT
start_engine "$WORK" "${EXTRA_JAVA_OPTS:=-Xmx512m}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "engine: OVM with $EXTRA_JAVA_OPTS; simulated ESXi host at $URL"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
javac -nowarn -d "$WORK/classes" "$HERE/EsxiBench.java" "$HERE/BenchApi.java"
java -cp "$WORK/classes" EsxiBench "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" "$URL" "$(esxi_env ESXI_USER)" \
    "$(esxi_env ESXI_THUMBPRINT)" "$CHECK" "$(esxi_env ESXI_CA)" "$REPS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
