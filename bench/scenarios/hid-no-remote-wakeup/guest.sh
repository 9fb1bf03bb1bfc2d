# bench: f_hid boot keyboard without remote wakeup (bmAttributes 0x80): it suspends idle, but cannot wake on input: suspend.remote-wakeup fails
gadget_begin 0x1209 0x000e 0x0100 "usbcheck bench" "Bench keyboard no remote wakeup" "BENCH-SUSP-000E"
gadget_class 0x00 0x00 0x00
echo 0x80 > "$GADGET/configs/c.1/bmAttributes"
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
    step suspend usbcheck suspend 1-1 --cycles 3 --stimulus "command:. /bench/lib.sh; hid_inject good" \
        --expect-key KEY_A --max-resume-ms 500 --json suspend.json --junit suspend.xml
    power_settings 1-1 > power-after.txt
fi
