#!/usr/bin/env bash
# Host side of qemu-kbd-suspend: presses and releases A on QEMU's usb-kbd through QMP whenever the
# guest asks for it by creating inject-request on the 9p share (the stimulus command of usbcheck
# suspend), and moves QEMU's usb-mouse 10 units right for inject-request-mouse; appends a line to
# inject-done for each. Runs until QEMU closes the socket.
#   host.sh SDIR HOSTDIR   (QEMU listens on HOSTDIR/qmp.sock)
exec python3 - "$1" "$2/qmp.sock" <<'PY'
import json, os, socket, sys, time

sdir, path = sys.argv[1], sys.argv[2]
for _ in range(600):  # QEMU creates the socket as it starts
    if os.path.exists(path):
        break
    time.sleep(0.05)
sock = socket.socket(socket.AF_UNIX)
sock.connect(path)
stream = sock.makefile("rw")

def command(name, arguments=None):
    msg = {"execute": name}
    if arguments is not None:
        msg["arguments"] = arguments
    stream.write(json.dumps(msg) + "\n")
    stream.flush()
    while True:  # skip asynchronous events until the reply
        reply = json.loads(stream.readline())
        if "return" in reply or "error" in reply:
            return reply

def key(down):
    return command("input-send-event", {"events": [
        {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": "a"}}}]})

def move():
    return command("input-send-event", {"events": [{"type": "rel", "data": {"axis": "x", "value": 10}}]})

json.loads(stream.readline())  # greeting
print("qmp", command("qmp_capabilities"), flush=True)
done = os.path.join(sdir, "inject-done")
actions = {"inject-request": lambda: f"key a down {key(True)} up {key(False)}",
           "inject-request-mouse": lambda: f"rel x 10 {move()}"}
count = 0
while True:
    for name, action in actions.items():
        request = os.path.join(sdir, name)
        if os.path.exists(request):
            os.remove(request)
            count += 1
            print(f"{name} {count}: {action()}", flush=True)
            with open(done, "a") as f:
                f.write(f"{name} {count} {time.monotonic():.3f}\n")
    time.sleep(0.002)
PY
