# bench: f_hid boot keyboard (subclass 1, protocol 1, 8-byte reports, 63-byte report descriptor), remote wakeup (bmAttributes 0xa0)
gadget_begin 0x1209 0x0002 0x0102 "usbcheck bench" "Bench HID boot keyboard" "BENCH-HID-0002"
gadget_class 0x00 0x00 0x00
echo 0xa0 > "$GADGET/configs/c.1/bmAttributes"
load_modules usb_f_hid usbhid hid_generic
gadget_function hid.usb0
echo 1 > "$GADGET/functions/hid.usb0/protocol"
echo 1 > "$GADGET/functions/hid.usb0/subclass"
echo 8 > "$GADGET/functions/hid.usb0/report_length"
# The boot keyboard report descriptor of the kernel's Documentation/usb/gadget_hid.rst (63 bytes).
printf '\005\001\011\006\241\001\005\007\031\340\051\347\025\000\045\001\165\001\225\010\201\002\225\001\165\010\201\003\225\005\165\001\005\010\031\001\051\005\221\002\225\001\165\003\221\003\225\006\165\010\025\000\045\145\005\007\031\000\051\145\201\000\300' \
    > "$GADGET/functions/hid.usb0/report_desc"
log "report_desc: $(wc -c < "$GADGET/functions/hid.usb0/report_desc") bytes"
gadget_link hid.usb0
gadget_bind
wait_device 1-1 20 && standard_run 1209:0002 1-1
