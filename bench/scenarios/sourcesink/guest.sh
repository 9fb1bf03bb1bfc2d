# bench: SourceSink function (usb_f_ss_lb): vendor interface with bulk IN/OUT, pattern 1 (mod63), bulk_buflen 16384
gadget_begin 0x1209 0x0003 0x0103 "usbcheck bench" "Bench SourceSink" "BENCH-SS-0003"
gadget_class 0xFF 0x00 0x00
load_modules usb_f_ss_lb
gadget_function SourceSink.0
echo 1 > "$GADGET/functions/SourceSink.0/pattern"
echo 16384 > "$GADGET/functions/SourceSink.0/bulk_buflen"
gadget_link SourceSink.0
gadget_bind
wait_device 1-1 20 && standard_run 1209:0003 1-1
