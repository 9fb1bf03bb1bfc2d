# bench: no gadget: QEMU's usb-kbd on qemu-xhci, A pressed through QMP from the host (host.sh) while it is suspended: passes
# qemu: -device qemu-xhci -device usb-kbd -qmp unix:@HOST@/qmp.sock,server=on,wait=off
modprobe usbhid ignoreled=1 || fail "modprobe usbhid ignoreled=1 failed"
load_modules xhci_pci hid_generic evdev
if wait_device 1-1 20; then
    step version usbcheck --version
    save_sysfs 1-1
    # The stimulus asks the host (host.sh) to press A through QMP: its time includes the 9p file
    # and the host's 2 ms polling, so stimulus-to-input is an upper bound here.
    suspend_step 1-1 --cycles 5 --stimulus "command:touch /out/inject-request" --expect-key KEY_A --max-resume-ms 500
fi
