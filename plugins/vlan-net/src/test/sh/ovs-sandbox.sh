#!/usr/bin/env bash
# A private Open vSwitch for VlanNetIT when './ovm backends up ovs' is not available: ovsdb-server
# and a user-space (netdev) ovs-vswitchd in the root network namespace with their own run dir, and
# one bridge. Usage: ovs-sandbox.sh up|down|env [RUNDIR] [BRIDGE]
# (defaults /tmp/i15v-ovs and i15v-br0). 'up' prints the OVS_BRIDGE/OVS_RUNDIR lines to export.
# Never start it from a command holding the build lock: the daemons would inherit the lock.
set -euo pipefail
cmd=${1:-up}
R=${2:-/tmp/i15v-ovs}
B=${3:-i15v-br0}
DB=unix:$R/db.sock

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

case "$cmd" in
up)
    mkdir -p "$R"
    if ! pid_alive "$R/ovsdb-server.pid"; then
        [[ -f $R/conf.db ]] || ovsdb-tool create "$R/conf.db" /usr/share/openvswitch/vswitch.ovsschema
        OVS_RUNDIR=$R ovsdb-server "$R/conf.db" --remote="punix:$R/db.sock" --pidfile="$R/ovsdb-server.pid" \
            --unixctl="$R/ovsdb-server.ctl" --log-file="$R/ovsdb-server.log" --detach
        ovs-vsctl --db="$DB" --no-wait init
    fi
    if ! pid_alive "$R/ovs-vswitchd.pid"; then
        # OVS_RUNDIR: vswitchd puts <bridge>.mgmt (ovs-ofctl's socket) there
        OVS_RUNDIR=$R ovs-vswitchd "$DB" --pidfile="$R/ovs-vswitchd.pid" --unixctl="$R/ovs-vswitchd.ctl" \
            --log-file="$R/ovs-vswitchd.log" --detach
    fi
    ovs-vsctl --db="$DB" -- --may-exist add-br "$B" -- set bridge "$B" datapath_type=netdev
    for _ in $(seq 50); do [[ -S $R/$B.mgmt ]] && break; sleep 0.1; done
    echo "OVS_BRIDGE=$B"
    echo "OVS_RUNDIR=$R"
    ;;
down)
    # the bridge's internal port is a tap the user-space datapath leaves behind unless the bridge goes first
    pid_alive "$R/ovsdb-server.pid" && ovs-vsctl --db="$DB" --if-exists del-br "$B" || true
    pid_alive "$R/ovs-vswitchd.pid" && ovs-appctl -t "$R/ovs-vswitchd.ctl" exit || true
    pid_alive "$R/ovsdb-server.pid" && ovs-appctl -t "$R/ovsdb-server.ctl" exit || true
    if ip link show "$B" >/dev/null 2>&1; then ip link del "$B"; fi
    ;;
env)
    echo "OVS_BRIDGE=$B"
    echo "OVS_RUNDIR=$R"
    ;;
*)
    echo "usage: $0 up|down|env [RUNDIR] [BRIDGE]" >&2
    exit 2
    ;;
esac
