#!/usr/bin/env bash
# console-bench.sh - P10 of docs/benchmarks.md: a VNC client reads full screens of a running
# QEMU guest directly (raw backend) and through OVM's websocket console proxy, in the same run.
#
# Usage: bench/console-bench.sh        (needs ./ovm backends up and a built distribution)
# Environment: RUNS (default 5), FRAMES per run (default 50), KVM_URI (default from
#              ./ovm backends env), TARBALL, BENCH_*_PORT (see lib.sh)
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
RUNS="${RUNS:-5}"
FRAMES="${FRAMES:-50}"
PASSWORD=bench-admin-password

die() { printf 'console-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $RUNS =~ ^[1-9][0-9]*$ && $FRAMES =~ ^[1-9][0-9]*$ ]] || die "RUNS and FRAMES must be positive integers"
if [[ -z ${KVM_URI:-} ]]; then
    KVM_URI=$("$REPO_ROOT/ovm" backends env | sed -n 's/^KVM_URI=//p')
fi
[[ -n ${KVM_URI:-} ]] || die "no KVM_URI: run ./ovm backends up first"

WORK=$(mktemp -d)
trap 'stop_engine "$WORK"; rm -rf "$WORK"' EXIT
start_engine "$WORK" "${EXTRA_JAVA_OPTS:--Xmx512m}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "host: $KVM_URI, a TCG guest without disk (SeaBIOS on screen)"
java "$HERE/ConsoleBench.java" "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" "$KVM_URI" "$RUNS" "$FRAMES"
