#!/usr/bin/env bash
# kvm-bench.sh - P1 and P9 of docs/benchmarks.md on one KVM host, OVM vs the raw backend in
# the same run:
#   P1  create (linked clone of the tiny template) + start of a guest: OVM REST vs libvirt-java
#   P9  linked vs full clone of a 2 GiB template: OVM REST vs qemu-img
#
# Usage: bench/kvm-bench.sh        (needs ./ovm backends up and a built distribution)
# Environment: RUNS (default 5), KVM_URI (default from ./ovm backends env), TARBALL,
#              BENCH_HTTP_PORT/BENCH_SSH_PORT/BENCH_RMI_REGISTRY_PORT/BENCH_RMI_SERVER_PORT
#              (default 19181/19101/19099/19444)
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
RUNS="${RUNS:-5}"
BENCH_DIR=/var/lib/ovm-bench
GUEST="$BENCH_DIR/guest"
BIG="$BENCH_DIR/big-2g.qcow2"
PASSWORD=bench-admin-password
M2="${HOME}/.m2/repository"
CLASSPATH_JARS="$M2/org/libvirt/libvirt/0.5.4/libvirt-0.5.4.jar:$M2/net/java/dev/jna/jna/5.18.1/jna-5.18.1.jar"

die() { printf 'kvm-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
if [[ -z ${KVM_URI:-} ]]; then
    KVM_URI=$("$REPO_ROOT/ovm" backends env | sed -n 's/^KVM_URI=//p')
fi
[[ -n ${KVM_URI:-} ]] || die "no KVM_URI: run ./ovm backends up first"
for jar in ${CLASSPATH_JARS//:/ }; do
    [[ -f $jar ]] || die "missing $jar: build the project once with Maven"
done

mkdir -p "$BENCH_DIR"
if [[ ! -f $GUEST/initrd.img ]]; then
    log "building the tiny guest"
    "$REPO_ROOT/scripts/tiny-guest.sh" "$GUEST" >/dev/null
fi
if [[ ! -f $BIG ]]; then
    log "writing a 2 GiB template (data in every cluster)"
    qemu-img create -q -f qcow2 "$BIG.tmp" 2G
    writes=()
    for i in $(seq 0 31); do
        writes+=(-c "write -P 0x5a $((i * 64))M 64M")
    done
    qemu-io -f qcow2 "${writes[@]}" "$BIG.tmp" >/dev/null
    mv "$BIG.tmp" "$BIG"
fi

WORK=$(mktemp -d)
POOL_DIR="$BENCH_DIR/pools/$(date +%s)"
cleanup() {
    stop_engine "$WORK"
    local pool
    for pool in $(virsh -c "$KVM_URI" pool-list --all --name 2>/dev/null); do
        if virsh -c "$KVM_URI" pool-dumpxml "$pool" 2>/dev/null | grep -qF "<path>$POOL_DIR</path>"; then
            virsh -c "$KVM_URI" pool-destroy "$pool" >/dev/null 2>&1 || true
            virsh -c "$KVM_URI" pool-undefine "$pool" >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$WORK" "$POOL_DIR"
}
trap cleanup EXIT

start_engine "$WORK" "${EXTRA_JAVA_OPTS:--Xmx512m}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "host: $KVM_URI ($(virsh -c "$KVM_URI" version 2>/dev/null | sed -n 's/^Running hypervisor: //p')), TCG guests"
java -cp "$CLASSPATH_JARS" "$HERE/KvmBench.java" "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" \
    "$KVM_URI" "$GUEST" "$POOL_DIR" "$RUNS" "$BIG"
