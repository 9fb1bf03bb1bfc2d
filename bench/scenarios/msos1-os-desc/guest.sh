# bench: RNDIS gadget with configfs MS OS 1.0 descriptors: OS string (vendor code 0xcd), compat ID RNDIS/5162001, a REG_SZ property
gadget_begin 0x1209 0x0004 0x0104 "usbcheck bench" "Bench RNDIS with MS OS 1.0" "BENCH-MSOS1-0004"
gadget_class 0xEF 0x02 0x01
load_modules usb_f_rndis
gadget_function rndis.usb0
I=$GADGET/functions/rndis.usb0/os_desc/interface.rndis
echo RNDIS > "$I/compatible_id"
echo 5162001 > "$I/sub_compatible_id"
mkdir "$I/BenchLabel"
echo 1 > "$I/BenchLabel/type"            # REG_SZ, written before data
echo "usbcheck bench" > "$I/BenchLabel/data"
echo 1 > "$GADGET/os_desc/use"
echo 0xcd > "$GADGET/os_desc/b_vendor_code"
echo MSFT100 > "$GADGET/os_desc/qw_sign"
gadget_link rndis.usb0
ln -s "$GADGET/configs/c.1" "$GADGET/os_desc/" || fail "cannot link c.1 into os_desc"
gadget_bind
wait_device 1-1 20 && standard_run 1209:0004 1-1
