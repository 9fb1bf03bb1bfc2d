# Helpers for the guest side of a scenario (busybox sh, sourced by /init before the scenario's
# guest.sh). The current directory is /out, the host's DIR/SCENARIO: every file written here
# reaches the host.

GADGET=/sys/kernel/config/usb_gadget/bench

log() { echo "[bench $(cut -d' ' -f1 /proc/uptime)] $*"; }
fail() { log "ERROR: $*"; echo "$*" >> /out/guest-errors.txt; }

# modprobe each module; a failure is recorded (the host's expectations then fail on what is missing).
load_modules() {
    for m in "$@"; do modprobe "$m" || fail "modprobe $m failed"; done
}

# gadget_begin VID PID BCDDEVICE MANUFACTURER PRODUCT SERIAL: dummy_hcd + libcomposite, configfs,
# and a gadget with strings in 0x409 and one configuration c.1 (bus powered, 100 mA). Functions
# are added by the scenario, then gadget_bind.
gadget_begin() {
    load_modules dummy_hcd libcomposite
    grep -q ' /sys/kernel/config ' /proc/mounts || mount -t configfs none /sys/kernel/config || fail "mount configfs failed"
    mkdir -p "$GADGET" || { fail "cannot create $GADGET"; return 1; }
    echo "$1" > "$GADGET/idVendor"
    echo "$2" > "$GADGET/idProduct"
    echo "$3" > "$GADGET/bcdDevice"
    echo 0x0200 > "$GADGET/bcdUSB"
    mkdir -p "$GADGET/strings/0x409"
    echo "$4" > "$GADGET/strings/0x409/manufacturer"
    echo "$5" > "$GADGET/strings/0x409/product"
    echo "$6" > "$GADGET/strings/0x409/serialnumber"
    mkdir -p "$GADGET/configs/c.1/strings/0x409"
    echo "bench configuration" > "$GADGET/configs/c.1/strings/0x409/configuration"
    echo 0x80 > "$GADGET/configs/c.1/bmAttributes"
    echo 100 > "$GADGET/configs/c.1/MaxPower"
}

# gadget_class CLASS SUBCLASS PROTOCOL: the device descriptor's class triple.
gadget_class() {
    echo "$1" > "$GADGET/bDeviceClass"
    echo "$2" > "$GADGET/bDeviceSubClass"
    echo "$3" > "$GADGET/bDeviceProtocol"
}

# gadget_function NAME: mkdir functions/NAME (the scenario sets its attributes), linked into c.1
# by gadget_link.
gadget_function() { mkdir -p "$GADGET/functions/$1" || fail "cannot create function $1"; }
gadget_link() { ln -s "$GADGET/functions/$1" "$GADGET/configs/c.1/" || fail "cannot link function $1"; }

gadget_udc() { for u in /sys/class/udc/*; do [ -e "$u" ] && basename "$u" && return; done; }

gadget_bind() {
    udc=$(gadget_udc)
    [ -n "$udc" ] || { fail "no UDC in /sys/class/udc"; return 1; }
    log "binding the gadget to $udc"
    echo "$udc" > "$GADGET/UDC" || fail "binding $udc failed"
}

gadget_unbind() { echo "" > "$GADGET/UDC"; }

# wait_device BUSPORT [SECONDS]: until the host side has enumerated and configured the device.
wait_device() {
    dev=/sys/bus/usb/devices/$1
    n=0
    limit=$(( ${2:-20} * 10 ))
    while [ "$n" -lt "$limit" ]; do
        if [ -f "$dev/idVendor" ] && [ -n "$(cat "$dev/bConfigurationValue" 2>/dev/null)" ]; then
            log "device $1 enumerated: $(cat "$dev/idVendor"):$(cat "$dev/idProduct") speed $(cat "$dev/speed")"
            return 0
        fi
        sleep 0.1
        n=$((n + 1))
    done
    fail "device $1 did not enumerate within ${2:-20} s"
    return 1
}

# save_sysfs BUSPORT: what the guest kernel saw, as ground truth for the host (sysfs-BUSPORT.txt,
# KEY=VALUE lines) and the raw descriptors (sysfs-BUSPORT.descriptors).
save_sysfs() {
    dev=/sys/bus/usb/devices/$1
    {
        for a in idVendor idProduct bcdDevice bcdUSB bDeviceClass bDeviceSubClass bDeviceProtocol \
                 bMaxPacketSize0 bNumConfigurations bConfigurationValue bmAttributes speed \
                 manufacturer product serial devnum busnum; do
            [ -f "$dev/$a" ] && echo "$a=$(cat "$dev/$a")"
        done
        for intf in "$dev"/"$1":*; do
            [ -d "$intf" ] || continue
            echo "interface.$(basename "$intf")=$(cat "$intf/bInterfaceClass") $(cat "$intf/bInterfaceSubClass") $(cat "$intf/bInterfaceProtocol") driver=$(basename "$(readlink "$intf/driver" 2>/dev/null)" 2>/dev/null)"
        done
    } > "sysfs-$1.txt"
    cat "$dev/descriptors" > "sysfs-$1.descriptors"
}

# speed_name BUSPORT: usbcheck's name for the speed in sysfs (Mb/s).
speed_name() {
    case $(cat "/sys/bus/usb/devices/$1/speed" 2>/dev/null) in
        1.5) echo low ;; 12) echo full ;; 480) echo high ;; 5000) echo super ;;
        10000|20000) echo super-plus ;; *) echo unknown ;;
    esac
}

# step NAME CMD...: run CMD with a 60 s limit; stdout to NAME.txt, stderr to NAME.err, the exit
# code to NAME.rc.
step() {
    name=$1; shift
    log "$name: $*"
    timeout 60 "$@" > "$name.txt" 2> "$name.err"
    rc=$?
    echo "$rc" > "$name.rc"
    log "$name: exit $rc"
    [ -s "$name.err" ] && sed 's/^/    /' "$name.err" | head -n 5
    return 0
}

# standard_run VID:PID BUSPORT: the usbcheck commands every gadget scenario runs.
standard_run() {
    device=$1
    busport=$2
    step version usbcheck --version
    save_sysfs "$busport"
    # Works without the live backend: the kernel's cached descriptors, at the speed sysfs reports.
    step sysfs-check usbcheck check --from "/sys/bus/usb/devices/$busport/descriptors" \
        --speed "$(speed_name "$busport")" --json sysfs-check.json
    step scan usbcheck scan --json scan.json
    step check usbcheck check "$device" --json check.json --junit check.xml
    step capture usbcheck capture "$device" -o capture.json
    step replay usbcheck check --from capture.json --json replay.json
    step describe usbcheck describe "$device" --json describe.json
}

# hid_keyboard_function: an f_hid boot keyboard function hid.usb0 (subclass 1, protocol 1, 8-byte
# reports, the 63-byte report descriptor of the kernel's Documentation/usb/gadget_hid.rst),
# linked into c.1. The host reads it with usbhid; the gadget side writes reports to /dev/hidg0.
hid_keyboard_function() {
    load_modules usb_f_hid
    gadget_function hid.usb0
    echo 1 > "$GADGET/functions/hid.usb0/protocol"
    echo 1 > "$GADGET/functions/hid.usb0/subclass"
    echo 8 > "$GADGET/functions/hid.usb0/report_length"
    printf '\005\001\011\006\241\001\005\007\031\340\051\347\025\000\045\001\165\001\225\010\201\002\225\001\165\010\201\003\225\005\165\001\005\010\031\001\051\005\221\002\225\001\165\003\221\003\225\006\165\010\025\000\045\145\005\007\031\000\051\145\201\000\300' \
        > "$GADGET/functions/hid.usb0/report_desc"
    log "report_desc: $(wc -c < "$GADGET/functions/hid.usb0/report_desc") bytes"
    gadget_link hid.usb0
}

# power_settings BUSPORT: the runtime PM settings usbcheck suspend changes, as KEY=VALUE lines
# (saved before and after a run to prove they were restored).
power_settings() {
    for a in control autosuspend_delay_ms wakeup; do
        f=/sys/bus/usb/devices/$1/power/$a
        if [ -f "$f" ]; then echo "$a=$(cat "$f")"; fi
    done
}

# hid_inject MODE [BUSPORT]: the device-side stimulus of the suspend scenarios (run by usbcheck
# suspend --stimulus command:...). Signals remote wakeup through the UDC's srp attribute, waits
# until the host has resumed BUSPORT (default 1-1; a report written before that is lost, see
# docs/virtual-bench.md), then types on /dev/hidg0: MODE good presses and releases A (usage 0x04);
# MODE drop loses the A press, as a device that drops its first input would, and types B (0x05).
hid_inject() {
    status=/sys/bus/usb/devices/${2:-1-1}/power/runtime_status
    echo "srp $(cut -d' ' -f1 /proc/uptime) status $(cat "$status")" >> /out/inject.log
    echo 1 > "/sys/class/udc/$(gadget_udc)/srp"
    n=0
    while [ "$(cat "$status")" = suspended ] && [ "$n" -lt 500 ]; do usleep 2000; n=$((n + 1)); done
    echo "resumed $(cut -d' ' -f1 /proc/uptime) status $(cat "$status") after $n polls" >> /out/inject.log
    if [ "$1" = drop ]; then key='\005'; else key='\004'; fi
    printf "\\000\\000$key\\000\\000\\000\\000\\000" > /dev/hidg0
    printf '\000\000\000\000\000\000\000\000' > /dev/hidg0
    echo "typed $1 $(cut -d' ' -f1 /proc/uptime)" >> /out/inject.log
}

# suspend_keyboard PID BMATTRIBUTES PRODUCT SERIAL: the f_hid keyboard of the suspend scenarios,
# 1209:PID with that configuration bmAttributes, bound; usbhid with ignoreled=1 (Linux keeps a
# keyboard with a lit LED awake otherwise) and evdev (usbcheck suspend reads input through it).
suspend_keyboard() {
    gadget_begin 0x1209 "$1" 0x0100 "usbcheck bench" "$3" "$4"
    gadget_class 0x00 0x00 0x00
    echo "$2" > "$GADGET/configs/c.1/bmAttributes"
    modprobe usbhid ignoreled=1 || fail "modprobe usbhid ignoreled=1 failed"
    load_modules hid_generic evdev
    hid_keyboard_function
    gadget_bind
}

# suspend_step BUSPORT ARGS...: sets a non-default autosuspend delay (so restoring is seen to put
# back what was there, not the defaults), saves the power settings to power-before.txt, runs
# `usbcheck suspend BUSPORT ARGS --json suspend.json --junit suspend.xml` as step suspend and
# saves the settings again to power-after.txt.
suspend_step() {
    busport=$1; shift
    echo 1500 > "/sys/bus/usb/devices/$busport/power/autosuspend_delay_ms"
    power_settings "$busport" > power-before.txt
    step suspend usbcheck suspend "$busport" "$@" --json suspend.json --junit suspend.xml
    power_settings "$busport" > power-after.txt
}
