# bench: f_acm gadget on dummy_hcd: composite with an IAD (device class EF/02/01), strings in 0x409
gadget_begin 0x1209 0x0001 0x0101 "usbcheck bench" "Bench CDC-ACM serial" "BENCH-ACM-0001"
gadget_class 0xEF 0x02 0x01
load_modules usb_f_acm
gadget_function acm.usb0
gadget_link acm.usb0
gadget_bind
wait_device 1-1 20 && standard_run 1209:0001 1-1
# The same device named by its bus-port path.
step describe-path usbcheck describe 1-1 --json describe-path.json
# Without access rights (an unprivileged user; devtmpfs makes usbfs nodes 0600 root): a one-line
# error that names the device node and the udev rule.
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd
grep -q '^nogroup:' /etc/group 2>/dev/null || echo 'nogroup:x:65534:' >> /etc/group
step no-access su -s /bin/sh -c "$(command -v usbcheck) check 1209:0001" nobody
step no-access-scan su -s /bin/sh -c "$(command -v usbcheck) scan" nobody
