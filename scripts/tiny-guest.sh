#!/usr/bin/env bash
# tiny-guest.sh - build a tiny bootable test guest without any download.
#
# Usage: scripts/tiny-guest.sh [OUTDIR]      (default: run/guest)
#
# Produces in OUTDIR:
#   vmlinuz          Debian's kernel (from /boot, package linux-image-amd64)
#   initrd.img       busybox-static + Debian's virtio modules + our /init
#   disk.qcow2       an empty 64 MiB qcow2 disk (base image for linked clones)
#   domain.xml       an example libvirt domain (type 'qemu' = TCG, 128 MiB,
#                    direct kernel boot, serial console logged to OUTDIR/console.log,
#                    the guest agent's channel; add ovm.agent=1 to <cmdline> to use it)
#
# The guest's /init prints "OVM-GUEST-BOOTED" on the serial console, runs
# udhcpc on eth0 (printing "OVM-GUEST-IP <address/len>"), and powers off when
# the ACPI power button is pressed (so `virsh shutdown` works). With
# ovm.listen=22,80 on the kernel command line it serves those TCP ports
# (each connection gets one line "OVM-GUEST-TCP hello from ovm-guest"). With
# ovm.agent=1 it runs a minimal QEMU guest agent (/bin/ovm-agent, busybox sh) on the
# virtio-serial port org.qemu.guest_agent.0: guest-sync(-delimited), guest-ping,
# guest-info and guest-fsfreeze-status/-freeze/-thaw (freeze runs sync and prints
# "OVM-GUEST-FROZEN", thaw prints "OVM-GUEST-THAWED"); ovm.agent=mute opens the port
# but never answers (a hung agent, for timeout tests). Needs the packages installed by
# `./ovm backends up` (busybox-static, linux-image-amd64, cpio, qemu-utils).
# Files are world-readable so that QEMU (user libvirt-qemu) can open them.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
OUT="${1:-$REPO_ROOT/run/guest}"
# Load order matters: another order gives "Unknown symbol".
# virtio_console (a module on Debian's kernel, needing virtio and virtio_ring) gives the
# virtio-serial ports the guest agent talks on.
MODULES=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
         virtio_blk failover net_failover virtio_net virtio_console button evdev)

die() { printf 'tiny-guest: error: %s\n' "$*" >&2; exit 1; }

kernel=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -type f 2>/dev/null | sort -V | tail -n 1)
[[ -n $kernel ]] || die "no /boot/vmlinuz-* (install linux-image-amd64)"
kver=${kernel#/boot/vmlinuz-}
moddir=/lib/modules/$kver
[[ -d $moddir ]] || die "no $moddir"
[[ -x /bin/busybox ]] || die "no /bin/busybox (install busybox-static)"
command -v cpio >/dev/null || die "no cpio (install cpio)"
command -v qemu-img >/dev/null || die "no qemu-img (install qemu-utils)"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,lib/modules,usr/share/udhcpc}
cp /bin/busybox "$root/bin/busybox"

for m in "${MODULES[@]}"; do
    f=$(find "$moddir" -name "$m.ko" -print -quit)
    if [[ -n $f ]]; then
        cp "$f" "$root/lib/modules/"
    elif ! grep -q "/$m.ko" "$moddir/modules.builtin" 2>/dev/null; then
        die "module $m not found in $moddir (compressed modules are not supported)"
    fi
done

# The guest's init (busybox sh).
{
    echo '#!/bin/busybox sh'
    echo "MODULES=\"${MODULES[*]}\""
    cat <<'EOF'
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $MODULES; do
    [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko
done
hostname ovm-guest
echo "OVM-GUEST-BOOTED"
echo "OVM-GUEST-DISKS $(ls /sys/block | tr "\n" " ")"
# Power off when the ACPI power button is pressed (virsh shutdown).
for d in /sys/class/input/event*; do
    if [ "$(cat "$d/device/name" 2>/dev/null)" = "Power Button" ]; then
        # One read of a whole struct input_event (24 bytes on 64-bit).
        ( if dd if=/dev/input/${d##*/} of=/dev/null bs=24 count=1 2>/dev/null; then
              echo "OVM-GUEST-POWEROFF"; sync; poweroff -f
          fi ) &
    fi
done
ip link set lo up
if ip link show eth0 >/dev/null 2>&1; then
    ip link set eth0 up
    udhcpc -i eth0 -n -q -t 5 -s /usr/share/udhcpc/default.script &&
        echo "OVM-GUEST-IP $(ip -4 -o addr show eth0 | awk '{print $4}')"
fi
# ovm.listen=22,80 on the kernel command line: a TCP server on each port answering one line
# (for network tests: reachability, security groups)
for arg in $(cat /proc/cmdline); do
    case $arg in
        ovm.listen=*)
            for port in $(echo "${arg#ovm.listen=}" | tr , " "); do
                nc -ll -p "$port" -e /bin/ovm-tcp-hello &
                echo "OVM-GUEST-LISTEN $port"
            done
            ;;
        ovm.agent=1 | ovm.agent=mute)
            /bin/ovm-agent "${arg#ovm.agent=}" &
            ;;
    esac
done
echo "OVM-GUEST-READY"
exec sh </dev/console >/dev/console 2>&1
EOF
} >"$root/init"
chmod 755 "$root/init"

# What the ovm.listen servers answer.
cat >"$root/bin/ovm-tcp-hello" <<'EOF'
#!/bin/sh
echo "OVM-GUEST-TCP hello from $(hostname)"
EOF
chmod 755 "$root/bin/ovm-tcp-hello"

# ovm.agent=1: a minimal QEMU guest agent speaking libvirt's side of the protocol, one JSON
# command a line in, one JSON answer a line out. Nothing is really frozen (the root is the
# initramfs): freeze syncs and says so on the console, which is what tests look for.
cat >"$root/bin/ovm-agent" <<'AGENT'
#!/bin/sh
mode=$1
port=
tries=0
while [ -z "$port" ] && [ $tries -lt 50 ]; do
    for n in /sys/class/virtio-ports/*/name; do
        if [ "$(cat "$n" 2>/dev/null)" = org.qemu.guest_agent.0 ]; then
            p=${n%/name}
            port=/dev/${p##*/}
        fi
    done
    if [ -z "$port" ] || [ ! -c "$port" ]; then
        port=
        tries=$((tries + 1))
        sleep 0.2
    fi
done
if [ -z "$port" ]; then
    echo "OVM-GUEST-AGENT-NO-PORT" >/dev/console
    exit 1
fi
exec 3<>"$port"
echo "OVM-GUEST-AGENT $mode $port" >/dev/console
state=thawed
reply() { printf '%s\n' "$1" >&3; }
while true; do
    # the port reads end-of-file while nobody is connected on the host side: wait for libvirt
    if ! IFS= read -r line <&3; then
        sleep 0.3
        continue
    fi
    [ "$mode" = mute ] && continue
    cmd=$(printf '%s' "$line" | sed -n 's/.*"execute"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
    case $cmd in
        guest-sync | guest-sync-delimited)
            id=$(printf '%s' "$line" | sed -n 's/.*"id"[[:space:]]*:[[:space:]]*\(-\{0,1\}[0-9][0-9]*\).*/\1/p')
            # the delimited form precedes its answer with 0xFF, so the host can drop stale bytes
            [ "$cmd" = guest-sync-delimited ] && printf '\377' >&3
            reply "{\"return\": ${id:-0}}"
            ;;
        guest-ping)
            reply '{"return": {}}'
            ;;
        guest-info)
            list=
            for c in guest-sync guest-sync-delimited guest-ping guest-info guest-fsfreeze-status \
                guest-fsfreeze-freeze guest-fsfreeze-thaw; do
                list="$list${list:+, }{\"enabled\": true, \"name\": \"$c\", \"success-response\": true}"
            done
            reply "{\"return\": {\"version\": \"ovm-tiny-1\", \"supported_commands\": [$list]}}"
            ;;
        guest-fsfreeze-status)
            reply "{\"return\": \"$state\"}"
            ;;
        guest-fsfreeze-freeze)
            sync
            state=frozen
            echo "OVM-GUEST-FROZEN" >/dev/console
            reply '{"return": 1}'
            ;;
        guest-fsfreeze-thaw)
            state=thawed
            echo "OVM-GUEST-THAWED" >/dev/console
            reply '{"return": 1}'
            ;;
        '')
            # no command (a lone delimiter byte, an empty line)
            ;;
        *)
            reply "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command $cmd has not been found\"}}"
            ;;
    esac
done
AGENT
chmod 755 "$root/bin/ovm-agent"

# Minimal udhcpc hook: apply the lease.
cat >"$root/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
case "$1" in
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" dev "$interface"
        [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
        ;;
esac
exit 0
EOF
chmod 755 "$root/usr/share/udhcpc/default.script"

# Written aside and renamed: a guest starting meanwhile reads the old files or the new ones, whole.
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$OUT/initrd.img.new"
cp "$kernel" "$OUT/vmlinuz.new"
chmod 644 "$OUT/vmlinuz.new" "$OUT/initrd.img.new"
mv -f "$OUT/initrd.img.new" "$OUT/initrd.img"
mv -f "$OUT/vmlinuz.new" "$OUT/vmlinuz"
[[ -f $OUT/disk.qcow2 ]] || qemu-img create -q -f qcow2 "$OUT/disk.qcow2" 64M
chmod 644 "$OUT/vmlinuz" "$OUT/initrd.img" "$OUT/disk.qcow2"
chmod o+x "$OUT"

cat >"$OUT/domain.xml" <<EOF
<domain type='qemu'>
  <name>ovm-tiny</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$OUT/vmlinuz</kernel>
    <initrd>$OUT/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features><acpi/><tcg><tb-cache unit='MiB'>32</tb-cache></tcg></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$OUT/disk.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'>
      <log file='$OUT/console.log' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'/>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
  </devices>
</domain>
EOF
echo "$OUT"
