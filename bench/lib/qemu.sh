# shellcheck shell=bash
# Booting a scenario's guest (sourced).
#
# qemu_run SCENARIO SDIR TIMEOUT_S: boots VMLINUZ + INITRD with bench.scenario=SCENARIO, SDIR
# shared read-write over 9p (mount tag "out"), the serial console in SDIR/console.log. Extra QEMU
# arguments come from the scenario's "# qemu: ..." line, where @HOST@ stands for a private host
# directory (e.g. for a QMP socket). When the scenario has a host.sh, it runs in the background
# while the guest runs, as `bash host.sh SDIR HOSTDIR` with its output in SDIR/host.log (e.g. to
# send input through QMP), and is ended with the guest. Sets QEMU_RC (124: the host timeout hit).
qemu_run() {
    local s=$1 sdir=$2 limit=$3 extra hostdir host_pid=
    hostdir=$(mktemp -d)
    extra=$(sed -n 's/^# qemu: //p' "$BENCH_DIR/scenarios/$s/guest.sh" | head -n1)
    extra=${extra//@HOST@/$hostdir}
    if [ -f "$BENCH_DIR/scenarios/$s/host.sh" ]; then
        bash "$BENCH_DIR/scenarios/$s/host.sh" "$sdir" "$hostdir" > "$sdir/host.log" 2>&1 &
        host_pid=$!
    fi
    set +e
    # shellcheck disable=SC2086 # $extra is split into QEMU arguments on purpose
    timeout --kill-after=10 "$limit" \
        qemu-system-x86_64 -accel tcg -m 512 -smp "${USBCHECK_BENCH_SMP:-1}" -nographic -no-reboot -nic none \
        -kernel "$VMLINUZ" -initrd "$INITRD" \
        -append "console=ttyS0 quiet panic=-1 bench.scenario=$s" \
        -virtfs "local,path=$sdir,mount_tag=out,security_model=none,id=out" \
        $extra \
        < /dev/null > "$sdir/console.log" 2>&1
    # shellcheck disable=SC2034 # read by bench/run
    QEMU_RC=$?
    if [ -n "$host_pid" ]; then
        kill "$host_pid" 2>/dev/null
        wait "$host_pid" 2>/dev/null
    fi
    rm -rf "$hostdir"
    set -e
}
