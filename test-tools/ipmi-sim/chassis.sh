#!/bin/sh
# chassis.sh DIR get power | set power 0|1
# ipmi_sim's chassis_control program (lan.conf: chassis_control "chassis.sh DIR"). The simulated
# chassis power is the file DIR/power (1 on, 0 off). A power change runs the hook DIR/poweroff.cmd
# or DIR/poweron.cmd (a command line, run by sh -c in DIR's parent's working directory of start.sh)
# in the background and flips DIR/power only once the hook succeeded, as a real BMC reports a power
# off a moment after it accepted the command; a failing hook leaves the power as it was (see
# DIR/chassis.log). ipmi_sim waits for this program and handles nothing else meanwhile, so it
# returns at once. A change requested while one is running is accepted and ignored. With
# DIR/status.cmd (see below) the power is what that command finds, and a hook that succeeded but
# left the host in the other state shows in the status (the driver then times out, honestly).
dir=$1
op=$2
[ -n "$dir" ] && [ -d "$dir" ] || { echo "chassis.sh: no state directory '$dir'"; exit 1; }
shift 2
log="$dir/chassis.log"
# the power: what DIR/status.cmd says (exit 0 on, else off) when start.sh got IPMI_SIM_STATUS_CMD,
# so that the BMC tells the truth about a host started or killed behind its back; else DIR/power
if [ -s "$dir/status.cmd" ]; then
    if (cd "$(cat "$dir/workdir")" && sh -c "$(cat "$dir/status.cmd")") </dev/null >/dev/null 2>&1; then
        state=1
    else
        state=0
    fi
else
    state=$(cat "$dir/power" 2>/dev/null || echo 1)
fi

case "$op" in
    get)
        for parm in "$@"; do
            case $parm in
                power) echo "power:$state" ;;
                *) echo "chassis.sh: cannot get $parm"; exit 1 ;;
            esac
        done
        ;;
    set)
        [ "$1" = power ] || { echo "chassis.sh: cannot set $1"; exit 1; }
        want=$(printf '%s' "$2" | tr -dc '01')
        case $want in
            0) hook="$dir/poweroff.cmd"; what=off ;;
            1) hook="$dir/poweron.cmd"; what=on ;;
            *) echo "chassis.sh: bad power value '$2'"; exit 1 ;;
        esac
        if [ "$want" = "$state" ]; then
            echo "$(date '+%F %T') power $what requested: already $what" >>"$log"
            exit 0
        fi
        if ! mkdir "$dir/changing" 2>/dev/null; then
            echo "$(date '+%F %T') power $what requested while a change runs: ignored" >>"$log"
            exit 0
        fi
        echo "$(date '+%F %T') power $what requested: running $(cat "$hook")" >>"$log"
        (
            cd "$(cat "$dir/workdir")" || exit 1
            if sh -c "$(cat "$hook")"; then
                echo "$want" >"$dir/power.new" && mv "$dir/power.new" "$dir/power"
                echo "$(date '+%F %T') power is $what" >>"$log"
            else
                echo "$(date '+%F %T') power $what hook failed (exit $?): power stays as it was" >>"$log"
            fi
            rmdir "$dir/changing"
        ) </dev/null >>"$log" 2>&1 &
        ;;
    check)
        exit 1
        ;;
    *)
        echo "chassis.sh: unknown operation '$op'"
        exit 1
        ;;
esac
exit 0
