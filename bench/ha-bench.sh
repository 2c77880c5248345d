#!/usr/bin/env bash
# ha-bench.sh - P6 of docs/benchmarks.md: detection to running of an HA guest after its host's power loss, on the
# two libvirt hosts of ./ovm backends with IPMI fencing (host 2's simulated BMC), OVM with its default monitor
# period (5 s) unless EXTRA_JAVA_OPTS says otherwise; the raw side is a virsh define+start of the same tiny guest
# on host 1 in the same run.
#
# Usage: bench/ha-bench.sh   (needs ./ovm backends up (libvirt, nfs, ipmi) and a built distribution; it crashes
#        and restores kvm2 RUNS times; run it under the build lock on a shared machine:
#        flock /tmp/ovm-build.lock bench/ha-bench.sh)
# Environment: RUNS (default 10), TARBALL, EXTRA_JAVA_OPTS (default -Xmx512m), BENCH_*_PORT (see bench/lib.sh).
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
RUNS="${RUNS:-10}"
BENCH_DIR=/var/lib/ovm-bench
GUEST="$BENCH_DIR/guest"
PASSWORD=bench-admin-password

die() { printf 'ha-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
BACKENDS_ENV=$("$REPO_ROOT/ovm" backends env libvirt nfs ipmi 2>/dev/null || true)
env_of() { sed -n "s/^$1=//p" <<<"$BACKENDS_ENV"; }
for key in KVM_URI KVM_URI_2 NFS_URI OVM_IPMI_KVM2 OVM_IPMI_USER OVM_IPMI_PASSWORD_FILE; do
    [[ -n $(env_of "$key") ]] || die "no $key: run ./ovm backends up first (libvirt, nfs and ipmi)"
done
mkdir -p "$BENCH_DIR"
if [[ ! -f $GUEST/initrd.img ]]; then
    log "building the tiny guest"
    "$REPO_ROOT/scripts/tiny-guest.sh" "$GUEST" >/dev/null
fi

WORK=$(mktemp -d)
POOL_DIR="$BENCH_DIR/pools/ha-$(date +%s)"
cleanup() {
    stop_engine "$WORK"
    "$REPO_ROOT/ovm" backends up kvm2 >/dev/null 2>&1 || true
    local uri dom
    for uri in "$(env_of KVM_URI)" "$(env_of KVM_URI_2)"; do
        for dom in $(virsh -c "$uri" list --all --name 2>/dev/null | grep '^habench' || true); do
            virsh -c "$uri" destroy "$dom" >/dev/null 2>&1 || true
            virsh -c "$uri" undefine "$dom" >/dev/null 2>&1 || true
        done
        for pool in $(virsh -c "$uri" pool-list --all --name 2>/dev/null); do
            if virsh -c "$uri" pool-dumpxml "$pool" 2>/dev/null | grep -qF "<path>$POOL_DIR</path>"; then
                virsh -c "$uri" pool-destroy "$pool" >/dev/null 2>&1 || true
                virsh -c "$uri" pool-undefine "$pool" >/dev/null 2>&1 || true
            fi
        done
    done
    rm -rf "$WORK" "$POOL_DIR"
}
trap cleanup EXIT
start_engine "$WORK" "${EXTRA_JAVA_OPTS:=-Xmx512m}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "engine: OVM with $EXTRA_JAVA_OPTS; hosts $(env_of KVM_URI) and $(env_of KVM_URI_2) (TCG guests), BMC of host 2 at $(env_of OVM_IPMI_KVM2)"
javac -nowarn -d "$WORK/classes" "$HERE/HaBench.java" "$HERE/BenchApi.java"
java -cp "$WORK/classes" HaBench "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" "$(env_of KVM_URI)" \
    "$(env_of KVM_URI_2)" "$(env_of NFS_URI)" "$GUEST" "$POOL_DIR" "$RUNS" "$REPO_ROOT/ovm" \
    "$(env_of OVM_IPMI_KVM2)" "$(env_of OVM_IPMI_USER)" "$(env_of OVM_IPMI_PASSWORD_FILE)"
