# bench: f_hid boot keyboard, remote wakeup (0xa0): usbcheck suspend with a device-side injector (srp, then A): passes; Ctrl-C restores
suspend_keyboard 0x000c 0xa0 "Bench suspend keyboard" "BENCH-SUSP-000C"
if wait_device 1-1 20; then
    step version usbcheck --version
    save_sysfs 1-1
    suspend_step 1-1 --cycles 5 --stimulus "command:. /bench/lib.sh; hid_inject good" --expect-key KEY_A --max-resume-ms 500
    # The suspend suite of check: preconditions and the measurement without a stimulus.
    step suite usbcheck check 1-1 --suite suspend --json suite.json
    power_settings 1-1 > power-after-suite.txt
    # A user who may open the device node (as the udev rule allows) but not write power files.
    grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd
    chmod 0666 "$(printf '/dev/bus/usb/%03d/%03d' "$(cat /sys/bus/usb/devices/1-1/busnum)" "$(cat /sys/bus/usb/devices/1-1/devnum)")"
    step no-access su -s /bin/sh -c "$(command -v usbcheck) suspend 1-1" nobody
    power_settings 1-1 > power-after-no-access.txt
    # SIGINT while it waits for a person: exit 3, the report written, the settings restored.
    log "interrupt: usbcheck suspend 1-1 --stimulus prompt, SIGINT after 3 s"
    usbcheck suspend 1-1 --stimulus prompt --expect-key KEY_A --json interrupted.json > interrupted.txt 2> interrupted.err &
    pid=$!
    sleep 3
    kill -INT "$pid"
    wait "$pid"
    echo $? > interrupted.rc
    log "interrupt: exit $(cat interrupted.rc)"
    power_settings 1-1 > power-after-interrupt.txt
fi
