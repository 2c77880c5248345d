#!/usr/bin/env bash
# vapp-bench.sh - P2 of docs/benchmarks.md: a vApp of 100 instances on libvirt's test:///default
# driver through OVM (batch placement, parallel create, ordered start) against the same libvirt
# calls made directly with libvirt-java in the same run.
#
# Usage: bench/vapp-bench.sh   (needs libvirt's client library and a built distribution)
# Environment: MEMBERS (100), RUNS (3), HEAP (-Xmx512m), BENCH_*_PORT (see bench/lib.sh)
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
MEMBERS="${MEMBERS:-100}"
RUNS="${RUNS:-3}"
PASSWORD=bench-admin-password
M2="${HOME}/.m2/repository"
CLASSPATH_JARS="$M2/org/libvirt/libvirt/0.5.4/libvirt-0.5.4.jar:$M2/net/java/dev/jna/jna/5.18.1/jna-5.18.1.jar"

die() { printf 'vapp-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $MEMBERS =~ ^[1-9][0-9]*$ && $MEMBERS -le 100 ]] || die "MEMBERS must be 1..100 (a vApp's limit)"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
for jar in ${CLASSPATH_JARS//:/ }; do
    [[ -f $jar ]] || die "missing $jar: build the project once with Maven"
done

WORK=$(mktemp -d)
cleanup() {
    stop_engine "$WORK"
    rm -rf "$WORK"
}
trap cleanup EXIT
start_engine "$WORK" "${HEAP:=-Xmx512m}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "libvirt: $(virsh -c test:///default version 2>/dev/null | sed -n 's/^Using library: //p')"
java -cp "$CLASSPATH_JARS" "$HERE/VAppBench.java" "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" "$MEMBERS" "$RUNS"
