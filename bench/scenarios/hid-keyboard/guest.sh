# bench: f_hid boot keyboard (subclass 1, protocol 1, 8-byte reports, 63-byte report descriptor), remote wakeup (bmAttributes 0xa0)
gadget_begin 0x1209 0x0002 0x0102 "usbcheck bench" "Bench HID boot keyboard" "BENCH-HID-0002"
gadget_class 0x00 0x00 0x00
echo 0xa0 > "$GADGET/configs/c.1/bmAttributes"
load_modules usbhid hid_generic
hid_keyboard_function
gadget_bind
wait_device 1-1 20 && standard_run 1209:0002 1-1
