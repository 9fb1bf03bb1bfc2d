# bench: no gadget: QEMU's own usb-kbd and usb-tablet on qemu-xhci (an independent HID implementation with MS OS 1.0 descriptors)
# qemu: -device qemu-xhci -device usb-kbd -device usb-tablet
load_modules xhci_pci usbhid hid_generic
wait_device 1-1 20
wait_device 1-2 20
[ -d /sys/bus/usb/devices/1-2 ] && save_sysfs 1-2
kbd=$(cat /sys/bus/usb/devices/1-1/idVendor 2>/dev/null):$(cat /sys/bus/usb/devices/1-1/idProduct 2>/dev/null)
standard_run 1-1 1-1
