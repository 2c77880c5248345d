#!/usr/bin/env bash
# boot-and-rss.sh - boot-to-API-ready time and idle RSS of the OVM distribution.
#
# Each run unpacks assembly/target/ovm-*.tar.gz into a fresh temporary
# directory, moves the copy to its own ports (so it never collides with the
# engine of ./ovm up in run/ovm on 8181), starts it with bin/start, measures
# the wall time until GET /api/v1/health answers 200, waits IDLE_SECONDS and
# reads the Karaf JVM's VmRSS from /proc/<pid>/status. The instance is then
# stopped (by PID) and its directory removed. Prints per-run figures and the
# median and range.
#
# Usage: bench/boot-and-rss.sh
# Environment:
#   RUNS              number of runs, each from a fresh unpack (default 3)
#   IDLE_SECONDS      idle time after ready before reading RSS (default 30)
#   BOOT_TIMEOUT      seconds to wait for /health per run (default 300)
#   EXTRA_JAVA_OPTS   JVM options of the engine (default -Xmx512m)
#   TARBALL           distribution to measure (default: newest assembly/target/ovm-*.tar.gz)
#   BENCH_HTTP_PORT, BENCH_SSH_PORT, BENCH_RMI_REGISTRY_PORT, BENCH_RMI_SERVER_PORT
#                     ports of the measured copy (default 18181, 18101, 11099, 14444)
#
# Not part of the test gate. Results are recorded in docs/benchmarks.md.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
RUNS="${RUNS:-3}"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
BOOT_TIMEOUT="${BOOT_TIMEOUT:-300}"
HTTP_PORT="${BENCH_HTTP_PORT:-18181}"
SSH_PORT="${BENCH_SSH_PORT:-18101}"
RMI_REGISTRY_PORT="${BENCH_RMI_REGISTRY_PORT:-11099}"
RMI_SERVER_PORT="${BENCH_RMI_SERVER_PORT:-14444}"
export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:--Xmx512m}"
HEALTH_URL="http://127.0.0.1:${HTTP_PORT}/api/v1/health"
# The measured copy must locate its own home, not one from the environment.
unset KARAF_HOME KARAF_BASE KARAF_DATA KARAF_ETC KARAF_LOG KARAF_REDIRECT OVM_ADMIN_PASSWORD

WORK_DIR=""
KARAF_HOME_DIR=""
KARAF_JVM_PID=""

die() { printf 'boot-and-rss: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }

for n in "$RUNS" "$IDLE_SECONDS" "$BOOT_TIMEOUT" "$HTTP_PORT" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
    [[ $n =~ ^[0-9]+$ ]] || die "not a non-negative integer: '$n'"
done
((RUNS >= 1)) || die "RUNS must be at least 1"
command -v curl >/dev/null 2>&1 || die "curl is required (apt-get install -y curl)"
command -v java >/dev/null 2>&1 || die "java is required (apt-get install -y openjdk-17-jdk-headless)"

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

# alive PID: true if PID is a live, non-zombie process.
alive() {
    local stat state
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    state=${stat##*) }
    state=${state%% *}
    [[ $state != Z && $state != X ]]
}

# port_in_use PORT: true if something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# karaf_jvm_pid DIR: PID of the Karaf JVM running from DIR (from DIR/karaf.pid,
# checked against the process's command line), or fail.
karaf_jvm_pid() {
    local dir=$1 pid
    [[ -r $dir/karaf.pid ]] || return 1
    pid=$(tr -dc '0-9' <"$dir/karaf.pid")
    [[ -n $pid ]] || return 1
    alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir" || return 1
    printf '%s\n' "$pid"
}

# stop_instance: stop the Karaf started by the current run, by PID.
stop_instance() {
    local pid=$KARAF_JVM_PID deadline
    if [[ -z $pid && -n $KARAF_HOME_DIR ]]; then
        pid=$(karaf_jvm_pid "$KARAF_HOME_DIR" || true)
    fi
    KARAF_JVM_PID=""
    [[ -n $pid ]] || return 0
    alive "$pid" || return 0
    if [[ -z $KARAF_HOME_DIR ]] || ! (cd "$KARAF_HOME_DIR" && ./bin/stop) >/dev/null 2>&1; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
    deadline=$((SECONDS + 30))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if alive "$pid"; then
        printf 'boot-and-rss: Karaf (pid %s) did not stop within 30 s, killing it\n' "$pid" >&2
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 10))
        while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    fi
}

cleanup() {
    set +e
    stop_instance
    [[ -n $WORK_DIR && -d $WORK_DIR ]] && rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# set_property FILE KEY VALUE: replace "KEY = ..." in a Karaf .cfg file; fail
# if the key is absent (a silent miss would make the copy use the real port).
set_property() {
    local file=$1 key=$2 value=$3 pattern
    pattern="^${key//./\\.}[[:space:]]*="
    grep -qE "$pattern" "$file" || die "$file has no '$key' line"
    sed -i -E "s|${pattern}.*|${key} = ${value}|" "$file"
    grep -qxF "${key} = ${value}" "$file" || die "could not set $key in $file"
}

# median and range of numbers given one per line on stdin: "median min max".
summary() {
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s %s %s\n", m, v[1], v[NR] }'
}

ms_to_s() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
kb_to_mib() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }

# ---------------------------------------------------------------------------
# One run
# ---------------------------------------------------------------------------

# run_once N TARBALL: one measured boot; sets RUN_BOOT_MS, RUN_RSS_KB and
# RUN_HWM_KB. Runs in the main shell (not a subshell) so that the EXIT trap
# sees the instance it started.
RUN_BOOT_MS=""
RUN_RSS_KB=""
RUN_HWM_KB=""
RUN_LOAD=""
run_once() {
    local n=$1 tarball=$2 dir start_ns now_ns code pid boot_ms rss_kb hwm_kb deadline port
    for port in "$HTTP_PORT" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
        port_in_use "$port" && die "port $port is in use; set BENCH_*_PORT to free ports"
    done
    dir="$WORK_DIR/run-$n"
    mkdir -p "$dir"
    tar -xzf "$tarball" -C "$dir" --strip-components=1 || die "cannot unpack $tarball"
    [[ -x $dir/bin/start && -f $dir/etc/org.ops4j.pax.web.cfg ]] ||
        die "$tarball does not look like the OVM distribution (bin/start, etc/org.ops4j.pax.web.cfg)"
    set_property "$dir/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$HTTP_PORT"
    set_property "$dir/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
    set_property "$dir/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
    set_property "$dir/etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
    mkdir -p "$dir/data/log"
    KARAF_HOME_DIR=$dir
    RUN_LOAD=$(cut -d' ' -f1 /proc/loadavg)

    log "run $n/$RUNS: starting $dir (http $HTTP_PORT)"
    start_ns=$(date +%s%N)
    (cd "$dir" && KARAF_REDIRECT="$dir/data/log/console.log" ./bin/start >&2) || die "bin/start failed in $dir"

    deadline=$((SECONDS + BOOT_TIMEOUT))
    code=""
    while :; do
        code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$HEALTH_URL" 2>/dev/null || true)
        [[ $code == 200 ]] && break
        if ((SECONDS >= deadline)); then
            tail -n 30 "$dir/data/log/karaf.log" >&2 2>/dev/null || true
            die "run $n: $HEALTH_URL did not answer 200 within ${BOOT_TIMEOUT}s (last status: ${code:-none})"
        fi
        sleep 0.1
    done
    now_ns=$(date +%s%N)
    boot_ms=$(((now_ns - start_ns) / 1000000))

    pid=$(karaf_jvm_pid "$dir") || die "run $n: no Karaf JVM found for $dir (karaf.pid)"
    KARAF_JVM_PID=$pid
    log "run $n/$RUNS: ready after $(ms_to_s "$boot_ms") s (pid $pid); idling ${IDLE_SECONDS}s"
    sleep "$IDLE_SECONDS"
    alive "$pid" || die "run $n: the Karaf JVM (pid $pid) died while idle"
    rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    [[ -n $rss_kb && -n $hwm_kb ]] || die "run $n: cannot read /proc/$pid/status"

    stop_instance
    rm -rf "$dir"
    KARAF_HOME_DIR=""
    RUN_BOOT_MS=$boot_ms
    RUN_RSS_KB=$rss_kb
    RUN_HWM_KB=$hwm_kb
}

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

TARBALL="${TARBALL:-}"
if [[ -z $TARBALL ]]; then
    for f in "$REPO_ROOT"/assembly/target/ovm-*.tar.gz; do
        [[ -f $f ]] || continue
        if [[ -z $TARBALL || $f -nt $TARBALL ]]; then TARBALL=$f; fi
    done
fi
[[ -n $TARBALL && -f $TARBALL ]] ||
    die "no distribution at assembly/target/ovm-*.tar.gz; build it first with: mvn -B install -DskipTests"

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ovm-bench.XXXXXX")

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_total_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
java_version=$(java -version 2>&1 | head -n 1)
load_avg=$(cut -d' ' -f1-3 /proc/loadavg)

echo "OVM boot-to-API-ready and idle RSS"
echo "date:         $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "distribution: ${TARBALL#"$REPO_ROOT"/} ($(du -m "$TARBALL" | cut -f1) MB)"
echo "machine:      $(nproc) CPUs${cpu_model:+ ($cpu_model)}, $(kb_to_mib "$mem_total_kb") MiB RAM, $(uname -sr)"
echo "java:         $java_version"
echo "load average: $load_avg (at start)"
echo "settings:     RUNS=$RUNS IDLE_SECONDS=$IDLE_SECONDS EXTRA_JAVA_OPTS=$EXTRA_JAVA_OPTS http port $HTTP_PORT"
echo

boots=()
rsss=()
printf '%-5s %12s %16s %16s %10s\n' run "ready (s)" "idle RSS (MiB)" "peak RSS (MiB)" "load1"
for ((i = 1; i <= RUNS; i++)); do
    run_once "$i" "$TARBALL"
    boots+=("$RUN_BOOT_MS")
    rsss+=("$RUN_RSS_KB")
    printf '%-5s %12s %16s %16s %10s\n' "$i" "$(ms_to_s "$RUN_BOOT_MS")" "$(kb_to_mib "$RUN_RSS_KB")" \
        "$(kb_to_mib "$RUN_HWM_KB")" "$RUN_LOAD"
done

read -r b_med b_min b_max < <(printf '%s\n' "${boots[@]}" | summary)
read -r r_med r_min r_max < <(printf '%s\n' "${rsss[@]}" | summary)
echo
printf 'boot to API ready: median %s s (range %s-%s s) over %d run(s)\n' \
    "$(ms_to_s "$b_med")" "$(ms_to_s "$b_min")" "$(ms_to_s "$b_max")" "$RUNS"
printf 'idle RSS after %ss: median %s MiB (range %s-%s MiB)\n' \
    "$IDLE_SECONDS" "$(kb_to_mib "$r_med")" "$(kb_to_mib "$r_min")" "$(kb_to_mib "$r_max")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (at end; load1 above is the 1-minute load when each run started)"
