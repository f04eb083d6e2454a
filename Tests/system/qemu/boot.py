#!/usr/bin/env python3
"""One guest boot for the display system test: start QEMU (TCG) with the test kernel and initramfs,
follow kiosk-display-probe on the serial console, check the screen with QMP screendump against the
golden frames, tap with QMP input-send-event on a virtio tablet, and stop QEMU in every case.

  boot.py --work DIR --display std|virtio|cirrus --sink drm|fbdev --golden1 PNG --golden2 PNG [--taps]

Exit 0 only when every check passed. Standard library only.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pixels  # noqa: E402

DISPLAYS = {
    "std": ["-vga", "std"],                                   # bochs-drm
    "virtio": ["-vga", "none", "-device", "virtio-gpu-pci"],  # virtio-gpu
    "cirrus": ["-vga", "cirrus"],                             # cirrus-qemu, fbdev 16 bpp
}
ABS_MAX = 0x7FFF  # QEMU's absolute axis range (virtio tablet reports 0..32767)


def connect_unix(path, timeout, pause):
    """A stream socket connected to `path`, tried every `pause` s until QEMU has made it; the last
    error after `timeout` s."""
    end = time.time() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.connect(path)
            return sock
        except OSError:
            sock.close()
            if time.time() > end:
                raise
            time.sleep(pause)


class QMP:
    def __init__(self, path, timeout=20):
        self.sock = connect_unix(path, timeout, 0.05)
        self.sock.settimeout(30)
        self.f = self.sock.makefile("rwb", buffering=0)
        json.loads(self.f.readline())
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.f.write(json.dumps(msg).encode() + b"\n")
        while True:
            line = self.f.readline()
            if not line:
                raise RuntimeError(f"QMP closed during {name}")
            reply = json.loads(line)
            if "event" in reply:
                continue
            if "error" in reply:
                raise RuntimeError(f"QMP {name}: {reply['error']}")
            return reply.get("return")


class Serial:
    """Lines the guest writes to its serial console (a file), read as they arrive."""

    def __init__(self, path):
        self.path, self.pos, self.buf = path, 0, ""

    def next_line(self):
        """The next complete line, or None if none has arrived yet (lines are never skipped)."""
        if "\n" not in self.buf:
            try:
                with open(self.path, "r", errors="replace") as f:
                    f.seek(self.pos)
                    self.buf += f.read()
                    self.pos = f.tell()
            except FileNotFoundError:
                pass
        if "\n" not in self.buf:
            return None
        line, self.buf = self.buf.split("\n", 1)
        return line.rstrip("\r")


def wait_for_line(proc, serial, pattern, timeout, seen):
    """Waits for a guest serial line matching `pattern`, handing every line read to `seen`; the
    match, or None when `timeout` seconds pass or QEMU (`proc`) exits first."""
    end = time.time() + timeout
    while time.time() < end:
        exited = proc.poll() is not None
        while (line := serial.next_line()) is not None:
            seen(line)
            m = re.search(pattern, line)
            if m:
                return m
        if exited:
            return None
        time.sleep(0.05)
    return None


def tap(qmp, x, y, w, h):
    """A finger down and up at panel pixel (x, y) of a w×h screen, on the virtio tablet."""
    ax, ay = round(x * ABS_MAX / (w - 1)), round(y * ABS_MAX / (h - 1))
    qmp.cmd("input-send-event", events=[
        {"type": "abs", "data": {"axis": "x", "value": ax}},
        {"type": "abs", "data": {"axis": "y", "value": ay}}])
    qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": True, "button": "left"}}])
    time.sleep(0.05)
    qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": False, "button": "left"}}])


def stop_qemu(proc, qmp, seconds):
    """Ends QEMU: waits `seconds` for the guest's own poweroff, else QMP quit, else kill. Says which."""
    try:
        proc.wait(timeout=seconds)
        return "guest poweroff"
    except subprocess.TimeoutExpired:
        pass
    try:
        if qmp:
            qmp.cmd("quit")
        proc.wait(timeout=5)
        return "QMP quit"
    except Exception:
        proc.kill()
        proc.wait()
        return "kill"


class Boot:
    def __init__(self, a):
        self.a = a
        self.checks = []  # (name, ok, detail)
        self.history = []  # every serial line read so far
        os.makedirs(a.out, exist_ok=True)
        self.serial_path = os.path.join(a.out, "serial.log")
        self.qmp_path = os.path.join(a.out, "qmp.sock")
        for p in (self.serial_path, self.qmp_path):
            if os.path.exists(p):
                os.unlink(p)
        self.t0 = time.time()

    def check(self, name, ok, detail):
        self.checks.append((name, ok, detail))
        print(f"  [{time.time() - self.t0:5.1f}s] {'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)

    def expect(self, serial, pattern, timeout):
        """Waits for a serial line matching `pattern`; returns the match or None on timeout/exit."""
        def seen(line):
            self.history.append(line)
            self.log.write(f"[{time.time() - self.t0:6.2f}] {line}\n")
            if line.startswith(("PROBE-ERROR", "PROBE-LOG display: drm unavailable", "INIT: probe exit")):
                print(f"  guest: {line}", flush=True)
        return wait_for_line(self.proc, serial, pattern, timeout, seen)

    def screendump(self, name):
        time.sleep(0.3)  # let the device model see the last writes
        path = os.path.join(self.a.out, name + ".ppm")
        self.qmp.cmd("screendump", filename=path)
        return pixels.read(path)

    def tap(self, x, y, w, h):
        tap(self.qmp, x, y, w, h)

    def key(self, name):
        for down in (True, False):
            self.qmp.cmd("input-send-event", events=[
                {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": name}}}])

    def run(self):
        a = self.a
        probe = ["--sink", a.sink, "--timeout", str(int(a.timeout)), "--rotate", str(a.rotate)]
        if a.sink == "drm":
            probe += ["--mode", a.mode]
        append = f"console=ttyS0 quiet panic=-1 video={a.mode} {a.append} probe={','.join(probe)}"
        if a.busy_check:
            append += " busycheck=1"
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-m", "512", "-smp", "1", "-no-reboot",
               "-display", "none", "-serial", f"file:{self.serial_path}", "-monitor", "none",
               "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
               "-kernel", os.path.join(a.work, "vmlinux"), "-initrd", os.path.join(a.work, "initramfs.cpio.gz"),
               "-append", append] + DISPLAYS[a.display] + \
              ["-device", "virtio-tablet-pci,id=tablet0", "-device", "virtio-keyboard-pci"]
        self.log = open(os.path.join(a.out, "guest.log"), "w")
        self.proc = subprocess.Popen(cmd, stdout=open(os.path.join(a.out, "qemu.out"), "w"), stderr=subprocess.STDOUT)
        self.qmp = None
        try:
            self.qmp = QMP(self.qmp_path)
            self.steps()
        except Exception as e:  # a broken QMP link or guest is a failure, never a hang
            self.check("harness", False, repr(e))
        finally:
            self.stop()
        return all(ok for _, ok, _ in self.checks) and bool(self.checks)

    def steps(self):
        a = self.a
        serial = Serial(self.serial_path)
        g1, g2 = pixels.read(a.golden1), pixels.read(a.golden2)
        sink_line = self.expect(serial, r"PROBE-SINK (.*)", a.timeout)
        if sink_line and a.expect_fbdev:
            double = "double-buffered" in sink_line.group(1)
            self.check(f"fbdev {a.expect_fbdev}-buffered", double == (a.expect_fbdev == "double"), sink_line.group(1))
        m = self.expect(serial, r"PROBE-READY sink=(\w+) (\d+)x(\d+) bpp=(\d+) .*first-frame-ms=([\d.]+) button=(\d+)x(\d+)\+(\d+)\+(\d+)",
                        a.timeout)
        if not m:
            self.check(f"{a.sink} first frame", False, "probe never printed PROBE-READY (see guest.log)")
            return
        sink, w, h, bpp = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        button = tuple(int(m.group(i)) for i in (8, 9, 6, 7))  # x, y, w, h in the UI's (logical) pixels
        lw, lh = (h, w) if a.rotate in (90, 270) else (w, h)

        def panel(x, y):  # the panel pixel showing logical (x, y): where a finger must touch
            return {0: (x, y), 90: (lh - 1 - y, x), 180: (lw - 1 - x, lh - 1 - y), 270: (y, lw - 1 - x)}[a.rotate]
        self.check(f"{a.sink} opened", sink == a.sink, f"probe uses {sink} {w}x{h} {bpp} bpp, first frame {m.group(5)} ms in guest")
        rgb565 = bpp == 16
        ok, msg = pixels.compare(g1, self.screendump("1-first"), rgb565)
        self.check(f"{a.sink} screendump == golden screen 1" + (" (rgb565)" if rgb565 else ""), ok, msg)
        if not a.taps:
            self.key("ret")
            return
        if not self.expect(serial, r"PROBE-INPUT-READY devices=(\d+)", 10):
            self.check("input ready", False, "probe never printed PROBE-INPUT-READY")
            return
        if a.busy_check:
            # The second probe writes straight to the console, the first through tail -f: its line
            # may come before the first one's, so look back too.
            b = next((m for m in (re.search(r"SECOND: (.*)", l) for l in self.history) if m), None) \
                or self.expect(serial, r"SECOND: (.*)", 20)
            self.check("a second DRM client gets a clear error", bool(b) and "another program is DRM master" in b.group(1),
                       b.group(1) if b else "no output from the second probe")
        if a.hotplug:
            # Unplug the tablet and plug in another: the probe must follow (inotify on /dev/input).
            self.qmp.cmd("device_del", id="tablet0")
            r = self.expect(serial, r"PROBE-LOG input: removed (.*)", 20)
            self.check("unplugged tablet is dropped", bool(r), r.group(1) if r else "no 'input: removed' within 20 s")
            self.qmp.cmd("device_add", driver="virtio-tablet-pci", id="tablet1")
            r = self.expect(serial, r"PROBE-LOG input: added (.*)", 20)
            self.check("hot-plugged tablet is picked up", bool(r) and "tablet" in r.group(1),
                       r.group(1) if r else "no 'input: added' within 20 s")
            time.sleep(0.3)
        # A tap on empty space (between the status line and the bottom edge, far from the button).
        ex, ey = lw // 8, lh - lh // 40
        self.tap(*panel(ex, ey), w, h)
        t = self.expect(serial, r"PROBE-TAP (\d+) (\d+) target=(\w+)", 10)
        self.check("tap on empty space reaches the probe", bool(t) and t.group(3) == "none",
                   f"PROBE-TAP {t.group(1)} {t.group(2)} target={t.group(3)}" if t else "no PROBE-TAP within 10 s")
        ok, msg = pixels.compare(g1, self.screendump("2-after-empty-tap"), rgb565)
        self.check("tap on empty space changes nothing", ok, msg)
        # A tap on the button: it leads to screen 2.
        bx, by = button[0] + button[2] // 2, button[1] + button[3] // 2
        sent = time.time()
        self.tap(*panel(bx, by), w, h)
        t = self.expect(serial, r"PROBE-TAP (\d+) (\d+) target=(\w+)", 10)
        self.check("tap on the button reaches the probe", bool(t) and t.group(3) == "next",
                   f"PROBE-TAP {t.group(1)} {t.group(2)} target={t.group(3)} (sent {bx},{by})" if t else "no PROBE-TAP within 10 s")
        p = self.expect(serial, r"PROBE-PRESENTED screen=(\d+) damage=(\S+) ms=([\d.]+)", 10)
        seen_ms = (time.time() - sent) * 1000
        self.check("button tap presents screen 2", bool(p) and p.group(1) == "2",
                   f"damage {p.group(2)}; up event → presented {p.group(3)} ms in the guest, "
                   f"QMP tap sent → PROBE-PRESENTED read {seen_ms:.0f} ms on the host" if p else "no PROBE-PRESENTED within 10 s")
        after = self.screendump("3-after-button-tap")
        ok, msg = pixels.compare(g2, after, rgb565)
        self.check("screendump == golden screen 2", ok, msg)
        px0, py0 = panel(button[0], button[1])
        px1, py1 = panel(button[0] + button[2] - 1, button[1] + button[3] - 1)
        panel_button = (min(px0, px1), min(py0, py1), abs(px1 - px0) + 1, abs(py1 - py0) + 1)
        changed = pixels.count_differences(pixels.as_rgb565(g1) if rgb565 else g1, after, panel_button)
        self.check("button region changed", changed > 0, f"{changed} pixels of the button differ from screen 1")
        self.key("ret")
        d = self.expect(serial, r"PROBE-DONE|INIT: probe exit=(\d+)", 10)
        self.check("probe exits on Enter", bool(d), d.group(0) if d else "no PROBE-DONE")

    def stop(self):
        how = stop_qemu(self.proc, self.qmp, 8)
        print(f"  [{time.time() - self.t0:5.1f}s] qemu stopped by {how}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--display", choices=sorted(DISPLAYS), required=True)
    ap.add_argument("--sink", choices=["drm", "fbdev"], required=True)
    ap.add_argument("--mode", default="1024x768")
    ap.add_argument("--golden1", required=True)
    ap.add_argument("--golden2", required=True)
    ap.add_argument("--taps", action="store_true")
    ap.add_argument("--rotate", type=int, default=0, choices=[0, 90, 180, 270])
    ap.add_argument("--append", default="", help="more kernel command line")
    ap.add_argument("--hotplug", action="store_true", help="replace the tablet by a hot-plugged one before tapping")
    ap.add_argument("--busy-check", action="store_true", help="start a second probe while the first is DRM master")
    ap.add_argument("--expect-fbdev", choices=["single", "double"], help="whether fbdev must pan between two pages")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    a.out = a.out or os.path.join(a.work, "out", f"{a.display}-{a.sink}-r{a.rotate}" + ("-" + a.expect_fbdev if a.expect_fbdev else ""))
    boot = Boot(a)
    ok = boot.run()
    passed = sum(1 for _, c, _ in boot.checks if c)
    print(f"BOOT {a.display}/{a.sink}/rotate {a.rotate}: {passed} passed, {len(boot.checks) - passed} failed, "
          f"{time.time() - boot.t0:.1f} s", flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
