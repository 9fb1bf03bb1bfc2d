# bench: usbcheck throughput on SourceSink (interface 0, mod63) and Loopback (interface 1) in one gadget: in, out, both, loopback, --bytes, corrupted patterns both ways, --min-mbps, Ctrl-C, a mid-run disconnect
gadget_begin 0x1209 0x000a 0x0104 "usbcheck bench" "Bench SourceSink + Loopback" "BENCH-TP-0004"
gadget_class 0xFF 0x00 0x00
load_modules usb_f_ss_lb
gadget_function SourceSink.0
echo 1 > "$GADGET/functions/SourceSink.0/pattern"
echo 65536 > "$GADGET/functions/SourceSink.0/bulk_buflen"
echo 8 > "$GADGET/functions/SourceSink.0/bulk_qlen"
gadget_function Loopback.0
echo 16384 > "$GADGET/functions/Loopback.0/bulk_buflen"
gadget_link SourceSink.0
gadget_link Loopback.0
gadget_bind
wait_device 1-1 20 || return 1
save_sysfs 1-1

step tp-in usbcheck throughput 1-1 --interface 0 --duration 1 --json tp-in.json --junit tp-in.xml
step tp-out usbcheck throughput 1-1 --interface 0 --direction out --duration 1 --json tp-out.json
step tp-both usbcheck throughput 1-1 --interface 0 --direction both --duration 1 --json tp-both.json
step tp-loopback usbcheck throughput 1-1 --interface 1 --direction loopback --duration 1 --json tp-loopback.json
step tp-bytes usbcheck throughput 1-1 --interface 0 --bytes 1000000 --queue 4 --transfer-size 65536 --json tp-bytes.json
step tp-min-rate usbcheck throughput 1-1 --interface 0 --duration 0.5 --min-mbps 100000 --json tp-min-rate.json
# A corrupted pattern, read: the source sends mod63 and the verifier is told zeros.
step tp-corrupt-in usbcheck throughput 1-1 --interface 0 --verify zero --duration 0.5 --json tp-corrupt-in.json --junit tp-corrupt-in.xml
# Bad input: one line on stderr, exit 2.
step tp-bad-size usbcheck throughput 1-1 --interface 0 --transfer-size 1000 --queue 2
step tp-no-interface usbcheck throughput 1-1 --interface 5
step tp-too-much usbcheck throughput 1-1 --interface 0 --queue 64 --transfer-size 1048576

# Ctrl-C: SIGINT mid-run; the report is written and the interface released (the next run claims it).
usbcheck throughput 1-1 --interface 0 --duration 30 --json tp-interrupt.json > tp-interrupt.txt 2> tp-interrupt.err &
pid=$!
sleep 3
kill -INT "$pid"
wait "$pid"
echo $? > tp-interrupt.rc
log "tp-interrupt: exit $(cat tp-interrupt.rc)"
step tp-after-interrupt usbcheck throughput 1-1 --interface 0 --duration 0.5 --queue 4 --transfer-size 65536 --json tp-after-interrupt.json

# A corrupted pattern, written: the sink (pattern 1) halts its OUT endpoint on the first wrong byte.
step tp-corrupt-out usbcheck throughput 1-1 --interface 0 --direction out --verify zero --duration 0.5 --json tp-corrupt-out.json

# The device disappears mid-run (the UDC unbound): exit 3, the partial measurement reported. First
# during 1 MiB reads (the transfers in flight then tend to fail with I/O errors before the kernel
# reports the device gone), then, with the gadget bound again, during a loopback.
usbcheck throughput 1-1 --interface 0 --queue 4 --transfer-size 1048576 --duration 30 -q --json tp-disconnect-in.json \
    > tp-disconnect-in.txt 2> tp-disconnect-in.err &
pid=$!
sleep 1
gadget_unbind
wait "$pid"
echo $? > tp-disconnect-in.rc
log "tp-disconnect-in: exit $(cat tp-disconnect-in.rc)"
sleep 1
gadget_bind
wait_device 1-1 20 || return 1
usbcheck throughput 1-1 --interface 1 --direction loopback --duration 30 -q --json tp-disconnect.json > tp-disconnect.txt 2> tp-disconnect.err &
pid=$!
sleep 3
gadget_unbind
wait "$pid"
echo $? > tp-disconnect.rc
log "tp-disconnect: exit $(cat tp-disconnect.rc)"
