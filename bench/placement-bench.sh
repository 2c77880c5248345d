#!/usr/bin/env bash
# placement-bench.sh - P3 of docs/benchmarks.md: placement decision latency over 10,000
# simulated hosts (p50/p99, against a bare best-fit scan in the same run) and PROGRESSIVE
# batch quality against the volume lower bound. In-process, no database, no engine.
#
# Usage: bench/placement-bench.sh   (needs the project built once: mvn -B install -DskipTests)
# Environment: HOSTS (10000), DECISIONS (2000), BATCH (1000), SEED (42)
# Not part of the test gate; results go to docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="${REPO_ROOT:-$(cd "$HERE/.." && pwd -P)}"
die() { printf 'placement-bench: error: %s\n' "$*" >&2; exit 1; }

CORE_JAR=$(find "$REPO_ROOT/platform-core/kernel/target" -maxdepth 1 -name 'org.ovm.core-*.jar' | head -n 1)
SPI_JAR=$(find "$REPO_ROOT/spi/target" -maxdepth 1 -name 'org.ovm.spi-*.jar' | head -n 1)
[[ -f $CORE_JAR && -f $SPI_JAR ]] || die "kernel or SPI jar missing: build with 'mvn -B install -DskipTests'"

for n in "${HOSTS:=10000}" "${DECISIONS:=2000}" "${BATCH:=1000}" "${SEED:=42}"; do
    [[ $n =~ ^[0-9]+$ ]] || die "HOSTS, DECISIONS, BATCH and SEED must be integers"
done
echo "machine: $(nproc) vCPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
exec java -Xmx1g -cp "$CORE_JAR:$SPI_JAR" "$HERE/PlacementBench.java" "$HOSTS" "$DECISIONS" "$BATCH" "$SEED"
