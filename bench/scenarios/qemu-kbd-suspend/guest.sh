# bench: no gadget: QEMU's usb-kbd and usb-mouse on qemu-xhci, A pressed / the mouse moved through QMP from the host (host.sh) while suspended: pass
# qemu: -device qemu-xhci -device usb-kbd -device usb-mouse -qmp unix:@HOST@/qmp.sock,server=on,wait=off
modprobe usbhid ignoreled=1 || fail "modprobe usbhid ignoreled=1 failed"
load_modules xhci_pci hid_generic evdev
if wait_device 1-1 20; then
    step version usbcheck --version
    save_sysfs 1-1
    # The stimulus asks the host (host.sh) to press A through QMP: its time includes the 9p file
    # and the host's 2 ms polling, so stimulus-to-input is an upper bound here.
    suspend_step 1-1 --cycles 5 --stimulus "command:touch /out/inject-request" --expect-key KEY_A --max-resume-ms 500
    # Wake on movement (Microsoft's second requirement): the mouse at 1-2, moved without a button.
    if wait_device 1-2 20; then
        echo 1500 > /sys/bus/usb/devices/1-2/power/autosuspend_delay_ms
        power_settings 1-2 > power-before-mouse.txt
        step mouse usbcheck suspend 1-2 --cycles 3 --stimulus "command:touch /out/inject-request-mouse" \
            --max-resume-ms 500 --json mouse.json
        power_settings 1-2 > power-after-mouse.txt
    fi
fi
