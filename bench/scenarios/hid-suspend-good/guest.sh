# bench: f_hid boot keyboard, remote wakeup (0xa0): usbcheck suspend with a device-side injector (srp, then A): passes; Ctrl-C restores
gadget_begin 0x1209 0x000c 0x0100 "usbcheck bench" "Bench suspend keyboard" "BENCH-SUSP-000C"
gadget_class 0x00 0x00 0x00
echo 0xa0 > "$GADGET/configs/c.1/bmAttributes"
# Linux keeps a keyboard with a lit LED awake unless ignoreled=1 (the LED test needs it).
modprobe usbhid ignoreled=1 || fail "modprobe usbhid ignoreled=1 failed"
load_modules hid_generic evdev
hid_keyboard_function
gadget_bind
if wait_device 1-1 20; then
    step version usbcheck --version
    save_sysfs 1-1
    # A non-default delay, so restoring is seen to put back what was there, not the defaults.
    echo 1500 > /sys/bus/usb/devices/1-1/power/autosuspend_delay_ms
    power_settings 1-1 > power-before.txt
    step suspend usbcheck suspend 1-1 --cycles 5 --stimulus "command:. /bench/lib.sh; hid_inject good" \
        --expect-key KEY_A --max-resume-ms 500 --json suspend.json --junit suspend.xml
    power_settings 1-1 > power-after.txt
    # The suspend suite of check: preconditions and the measurement without a stimulus.
    step suite usbcheck check 1-1 --suite suspend --json suite.json
    power_settings 1-1 > power-after-suite.txt
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
