#!/bin/bash
# stop.sh DIR: stops the ipmi_sim that start.sh DIR started (by its pid file; a running power hook finishes).
set -euo pipefail
dir=${1:?usage: stop.sh DIR}
pidfile=$dir/ipmi_sim.pid
[[ -f $pidfile ]] || exit 0
pid=$(tr -dc '0-9' <"$pidfile")
if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && grep -q ipmi_sim "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "ipmi-sim: stopped pid $pid"
fi
rm -f "$pidfile"
