#!/bin/bash
# start.sh DIR PORT USER PASS POWEROFF_CMD POWERON_CMD
#
# Starts one simulated BMC (OpenIPMI's ipmi_sim, Debian package openipmi) with IPMI over LAN on
# UDP ${IPMI_SIM_ADDR:-127.0.0.1}:PORT, the user USER/PASS (admin privilege) and a chassis whose
# power-off runs POWEROFF_CMD and power-on POWERON_CMD (command lines, run by sh -c in the
# directory start.sh was started from; the power state changes once the command succeeded).
# The chassis starts powered on (IPMI_SIM_POWER=off: off). With IPMI_SIM_STATUS_CMD (a command line
# that exits 0 while the simulated host runs) the chassis power is whatever that command finds, so a
# host started or killed behind the BMC's back shows as it is; it must answer fast (ipmi_sim waits). Everything lives in DIR: the
# generated configuration (mode 600: it holds the password), state, ipmi_sim.pid, ipmi_sim.log and
# chassis.log. Restarts a BMC already running from DIR. Stop it with stop.sh DIR.
# Waits until the BMC answers `ipmitool ... chassis power status` (needs the Debian package
# ipmitool) and exits 0; exits 1 with the reason otherwise. Downloads nothing.
set -euo pipefail

die() { printf 'ipmi-sim: %s\n' "$*" >&2; exit 1; }

(($# == 6)) || die "usage: start.sh DIR PORT USER PASS POWEROFF_CMD POWERON_CMD"
dir=$1 port=$2 user=$3 pass=$4 off_cmd=$5 on_cmd=$6
addr=${IPMI_SIM_ADDR:-127.0.0.1}
tools=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for tool in ipmi_sim:openipmi ipmitool:ipmitool; do
    command -v "${tool%%:*}" >/dev/null 2>&1 ||
        die "${tool%%:*} is not installed: apt-get install -y --no-install-recommends openipmi ipmitool (Debian package ${tool#*:})"
done
[[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "PORT must be 1-65535, not '$port'"
# the values go into lan.conf between double quotes: keep them plain (IPMI 2.0 allows 16-byte names, 20-byte passwords)
[[ $user =~ ^[A-Za-z0-9._-]{1,16}$ ]] || die "USER must be 1-16 characters of A-Z a-z 0-9 . _ -"
[[ $pass =~ ^[A-Za-z0-9._-]{1,20}$ ]] || die "PASS must be 1-20 characters of A-Z a-z 0-9 . _ -"
[[ $dir != *[[:space:]\"]* ]] || die "DIR must not contain blanks or quotes (ipmi_sim runs chassis.sh through a shell)"
[[ $tools != *[[:space:]\"]* ]] || die "the test-tools directory must not contain blanks or quotes"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
"$tools/stop.sh" "$dir" >/dev/null 2>&1 || true

umask 077
# a fresh state each start: ipmi_sim prefers users changed over IPMI (kept there) to lan.conf's
rm -rf "$dir/state"
mkdir -p "$dir/state"
rmdir "$dir/changing" 2>/dev/null || true
sed -e "s|@NAME@|ovm-bmc-$port|" -e "s|@ADDR@|$addr|" -e "s|@PORT@|$port|" -e "s|@TOOLS@|$tools|" \
    -e "s|@DIR@|$dir|" -e "s|@USER@|$user|" -e "s|@PASS@|$pass|" "$tools/lan.conf.in" >"$dir/lan.conf"
cp "$tools/bmc.emu" "$dir/bmc.emu"
printf '%s\n' "$off_cmd" >"$dir/poweroff.cmd"
printf '%s\n' "$on_cmd" >"$dir/poweron.cmd"
printf '%s' "${IPMI_SIM_STATUS_CMD:-}" >"$dir/status.cmd"
pwd >"$dir/workdir"
if [[ ${IPMI_SIM_POWER:-on} == off ]]; then echo 0 >"$dir/power"; else echo 1 >"$dir/power"; fi
: >"$dir/chassis.log"

# -n: no console on stdin/stdout; -s: persistent state (users, SEL) under DIR, not /var/lib/ipmi_sim
setsid ipmi_sim -n -c "$dir/lan.conf" -f "$dir/bmc.emu" -s "$dir/state" </dev/null >"$dir/ipmi_sim.log" 2>&1 &
echo $! >"$dir/ipmi_sim.pid"
pid=$!

for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || die "ipmi_sim exited at once: $(tail -5 "$dir/ipmi_sim.log")"
    if IPMI_PASSWORD=$pass ipmitool -I lanplus -C 3 -N 1 -R 1 -H "$addr" -p "$port" -U "$user" -E \
        chassis power status >/dev/null 2>&1; then
        echo "ipmi-sim: BMC on $addr:$port (UDP, pid $pid), user $user, chassis power $(IPMI_PASSWORD=$pass ipmitool -I lanplus -C 3 -H "$addr" -p "$port" -U "$user" -E chassis power status 2>/dev/null | sed -n 's/^Chassis Power is //p'); state in $dir"
        exit 0
    fi
    sleep 0.2
done
die "ipmi_sim (pid $pid) does not answer on $addr:$port after 10 s: $(tail -5 "$dir/ipmi_sim.log")"
