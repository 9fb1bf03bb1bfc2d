#!/bin/sh
# /init of the bench guest (busybox sh). Mounts the results share, runs the scenario named by
# bench.scenario= on the kernel command line, saves dmesg and the status, and powers off.
export PATH=/usr/bin:/bin:/sbin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts /tmp /run
mount -t tmpfs tmpfs /tmp

scenario=
# shellcheck disable=SC2013 # the command line is one line of words
for arg in $(cat /proc/cmdline); do
    case $arg in
        bench.scenario=*) scenario=${arg#bench.scenario=} ;;
    esac
done
echo "BENCH-GUEST-UP scenario=$scenario uptime=$(cut -d' ' -f1 /proc/uptime)"

finish() {
    echo "BENCH-GUEST-END status=$1 uptime=$(cut -d' ' -f1 /proc/uptime)"
    sync
    umount /out 2>/dev/null
    poweroff -f
}

# Results go back through a 9p share of the host's DIR/SCENARIO, mounted at /out.
for m in virtio_pci 9pnet_virtio 9p; do modprobe "$m" || echo "BENCH-GUEST: modprobe $m failed"; done
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /out; then
    echo "BENCH-GUEST-ERROR cannot mount the 9p results share"
    finish 97
fi
if [ -z "$scenario" ] || [ ! -f "/bench/scenarios/$scenario/guest.sh" ]; then
    echo "BENCH-GUEST-ERROR no scenario '$scenario' in the initramfs"
    echo 98 > /out/guest-status
    finish 98
fi

cd /out || finish 96
# The scenario gets 150 s; the host kills the whole guest at 180 s.
BENCH_SCENARIO=$scenario timeout 150 sh -c ". /bench/lib.sh && . /bench/scenarios/$scenario/guest.sh"
rc=$?
dmesg > /out/dmesg.txt 2>&1
echo "$rc" > /out/guest-status
finish "$rc"
