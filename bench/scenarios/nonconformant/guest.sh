# bench: faulty gadget: ACM (which always emits an IAD) with device class 02/00/00 instead of EF/02/01
gadget_begin 0x1209 0x0005 0x0105 "usbcheck bench" "Bench nonconformant ACM" "BENCH-BAD-0005"
gadget_class 0x02 0x00 0x00
load_modules usb_f_acm
gadget_function acm.usb0
gadget_link acm.usb0
gadget_bind
wait_device 1-1 20 && standard_run 1209:0005 1-1
