#!/usr/bin/env bash
# docker-bench.sh - D1 and D2 of docs/benchmarks.md on one Docker engine, OVM vs the raw engine
# API (docker-java) in the same run:
#   D1  create+start of one container (1 CPU, 64 MiB, sleep 600): OVM REST vs docker-java
#   D2  50 containers as one vApp through OVM vs 50 parallel create+start calls with docker-java
#
# Usage: bench/docker-bench.sh   (needs ./ovm backends up docker and a built distribution; on a
#        machine shared with Maven builds run it under their lock, e.g.
#        flock /tmp/ovm-build.lock bench/docker-bench.sh, so that no build runs meanwhile)
# Environment: REPS (D1 repetitions per side, default 20), RUNS (D2 runs, default 3),
#              MEMBERS (D2 containers, default 50, at most 100), RAW_THREADS (D2 raw thread
#              pool, default 50), BENCH_DOCKER_HOST and BENCH_DOCKER_IMAGE (default: DOCKER_HOST
#              and DOCKER_TEST_IMAGE of ./ovm backends env docker; a DOCKER_HOST of your own shell
#              is ignored, as ./ovm does), TARBALL, EXTRA_JAVA_OPTS (-Xmx512m),
#              BENCH_*_PORT (see bench/lib.sh)
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
REPS="${REPS:-20}"
RUNS="${RUNS:-3}"
MEMBERS="${MEMBERS:-50}"
RAW_THREADS="${RAW_THREADS:-50}"
PASSWORD=bench-admin-password
M2="${HOME}/.m2/repository"
CLASSPATH_JARS=$(
    printf '%s:' \
        "$M2/com/github/docker-java/docker-java-core/3.7.1/docker-java-core-3.7.1.jar" \
        "$M2/com/github/docker-java/docker-java-api/3.7.1/docker-java-api-3.7.1.jar" \
        "$M2/com/github/docker-java/docker-java-transport/3.7.1/docker-java-transport-3.7.1.jar" \
        "$M2/com/github/docker-java/docker-java-transport-zerodep/3.7.1/docker-java-transport-zerodep-3.7.1.jar" \
        "$M2/com/fasterxml/jackson/core/jackson-databind/2.21.0/jackson-databind-2.21.0.jar" \
        "$M2/com/fasterxml/jackson/core/jackson-core/2.21.0/jackson-core-2.21.0.jar" \
        "$M2/com/fasterxml/jackson/core/jackson-annotations/2.21/jackson-annotations-2.21.jar" \
        "$M2/com/google/guava/guava/33.4.8-jre/guava-33.4.8-jre.jar" \
        "$M2/com/google/guava/failureaccess/1.0.3/failureaccess-1.0.3.jar" \
        "$M2/commons-io/commons-io/2.21.0/commons-io-2.21.0.jar" \
        "$M2/org/apache/commons/commons-lang3/3.19.0/commons-lang3-3.19.0.jar" \
        "$M2/org/apache/commons/commons-compress/1.28.0/commons-compress-1.28.0.jar" \
        "$M2/commons-codec/commons-codec/1.19.0/commons-codec-1.19.0.jar" \
        "$M2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar" \
        "$M2/org/slf4j/slf4j-nop/1.7.36/slf4j-nop-1.7.36.jar" \
        "$M2/net/java/dev/jna/jna/5.18.1/jna-5.18.1.jar"
)
CLASSPATH_JARS=${CLASSPATH_JARS%:}

die() { printf 'docker-bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $MEMBERS =~ ^[1-9][0-9]*$ && $MEMBERS -le 100 ]] || die "MEMBERS must be 1..100 (a vApp's limit)"
[[ $RAW_THREADS =~ ^[1-9][0-9]*$ ]] || die "RAW_THREADS must be a positive integer"
ENGINE="${BENCH_DOCKER_HOST:-}"
IMAGE="${BENCH_DOCKER_IMAGE:-}"
if [[ -z $ENGINE || -z $IMAGE ]]; then
    BACKENDS_ENV=$("$REPO_ROOT/ovm" backends env docker 2>/dev/null || true)
    ENGINE="${ENGINE:-$(sed -n 's/^DOCKER_HOST=//p' <<<"$BACKENDS_ENV")}"
    IMAGE="${IMAGE:-$(sed -n 's/^DOCKER_TEST_IMAGE=//p' <<<"$BACKENDS_ENV")}"
fi
[[ -n $ENGINE && -n $IMAGE ]] || die "no Docker engine: run ./ovm backends up docker first"
[[ $ENGINE == unix://* ]] || die "the engine must be a unix:// socket (got $ENGINE)"
[[ -S ${ENGINE#unix://} ]] || die "no engine socket at ${ENGINE#unix://}: run ./ovm backends up docker"
for jar in ${CLASSPATH_JARS//:/ }; do
    [[ -f $jar ]] || die "missing $jar: build the project once with Maven"
done

WORK=$(mktemp -d)
cleanup() {
    stop_engine "$WORK"
    rm -rf "$WORK"
    # containers left by an aborted run (DockerBench removes its own; names start with dbench-)
    if command -v docker >/dev/null 2>&1; then
        env -u DOCKER_CONTEXT docker -H "$ENGINE" ps -aq --filter name=^dbench- 2>/dev/null \
            | xargs -r env -u DOCKER_CONTEXT docker -H "$ENGINE" rm -f >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
start_engine "$WORK" "${EXTRA_JAVA_OPTS:=-Xmx512m}"

echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "engine: OVM with $EXTRA_JAVA_OPTS; Docker engine at $ENGINE, image $IMAGE"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
javac -nowarn -d "$WORK/classes" -cp "$CLASSPATH_JARS" "$HERE/DockerBench.java" "$HERE/BenchApi.java"
java -cp "$WORK/classes:$CLASSPATH_JARS" DockerBench "http://127.0.0.1:$HTTP_PORT/api/v1" "$PASSWORD" \
    "$ENGINE" "$IMAGE" "$REPS" "$RUNS" "$MEMBERS" "$RAW_THREADS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
