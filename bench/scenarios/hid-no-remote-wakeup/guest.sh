# bench: f_hid boot keyboard without remote wakeup (bmAttributes 0x80): never suspended while its input is open, cannot wake: suspend fails
suspend_keyboard 0x000e 0x80 "Bench keyboard no remote wakeup" "BENCH-SUSP-000E"
if wait_device 1-1 20; then
    step version usbcheck --version
    save_sysfs 1-1
    suspend_step 1-1 --cycles 3 --stimulus "command:. /bench/lib.sh; hid_inject good" --expect-key KEY_A --max-resume-ms 500
fi
