# bench: ACM gadget unbound from its UDC about 1 s into `usbcheck check --request-interval 100`: exit 3, both reports written
gadget_begin 0x1209 0x0006 0x0106 "usbcheck bench" "Bench disconnect ACM" "BENCH-DISC-0006"
gadget_class 0xEF 0x02 0x01
load_modules usb_f_acm
gadget_function acm.usb0
gadget_link acm.usb0
gadget_bind
if wait_device 1-1 20; then
    step version usbcheck --version
    save_sysfs 1-1
    log "check: usbcheck check 1209:0006 --request-interval 100 --json check.json --junit check.xml (background)"
    timeout 60 usbcheck check 1209:0006 --request-interval 100 --json check.json --junit check.xml \
        > check.txt 2> check.err &
    pid=$!
    sleep 1
    if kill -0 "$pid" 2>/dev/null; then echo yes > running-at-unbind; else echo no > running-at-unbind; fi
    log "unbinding the UDC (check still running: $(cat running-at-unbind))"
    gadget_unbind
    wait "$pid"
    rc=$?
    echo "$rc" > check.rc
    log "check: exit $rc"
    [ -s check.err ] && sed 's/^/    /' check.err | head -n 5
    [ -e /sys/bus/usb/devices/1-1 ] && echo present > device-after-unbind || echo gone > device-after-unbind
fi
