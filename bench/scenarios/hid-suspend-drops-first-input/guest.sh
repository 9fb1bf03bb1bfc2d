# bench: f_hid boot keyboard, remote wakeup (0xa0), an injector that loses the A that woke it and types B: suspend.first-input fails
gadget_begin 0x1209 0x000d 0x0100 "usbcheck bench" "Bench suspend keyboard drops input" "BENCH-SUSP-000D"
gadget_class 0x00 0x00 0x00
echo 0xa0 > "$GADGET/configs/c.1/bmAttributes"
modprobe usbhid ignoreled=1 || fail "modprobe usbhid ignoreled=1 failed"
load_modules hid_generic evdev
hid_keyboard_function
gadget_bind
if wait_device 1-1 20; then
    step version usbcheck --version
    # A non-default delay, so restoring is seen to put back what was there, not the defaults.
    echo 1500 > /sys/bus/usb/devices/1-1/power/autosuspend_delay_ms
    power_settings 1-1 > power-before.txt
    step suspend usbcheck suspend 1-1 --cycles 3 --stimulus "command:. /bench/lib.sh; hid_inject drop" \
        --expect-report "00 00 04 00 00 00 00 00" --max-resume-ms 500 --json suspend.json --junit suspend.xml
    power_settings 1-1 > power-after.txt
fi
