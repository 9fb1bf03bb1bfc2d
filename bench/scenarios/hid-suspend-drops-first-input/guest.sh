# bench: f_hid boot keyboard, remote wakeup (0xa0), an injector that loses the A that woke it and types B: suspend.first-input fails
suspend_keyboard 0x000d 0xa0 "Bench suspend keyboard drops input" "BENCH-SUSP-000D"
if wait_device 1-1 20; then
    step version usbcheck --version
    suspend_step 1-1 --cycles 3 --stimulus "command:. /bench/lib.sh; hid_inject drop" \
        --expect-report "00 00 04 00 00 00 00 00" --max-resume-ms 500
fi
