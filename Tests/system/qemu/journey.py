#!/usr/bin/env python3
"""One customer journey against the real `kiosk run` in a QEMU guest (TCG): the kiosk draws on DRM
(bochs-drm, -vga std), reads touch from a virtio tablet through evdev and talks CCNET on the
guest's second UART, which is the pty of ccnet-emulator running on the host. Its data folder is an
ext2 disk image the host reads after poweroff.

  journey.py --work DIR --out DIR --disk IMG --cash-pty /dev/pts/N --emulator BIN --control SOCK
             --size WxH --idle-golden PNG --tap X,Y [--kiosk-args A,B,...]

Steps: wait for the kiosk's first frame, screendump the idle screen (it must equal the PNG sink's
frame drawn on the host at the same size, pixel for pixel), tap the first plan through
QMP, wait for the payment screen, insert a 100 note through the emulator's control socket, wait for
the sale and its receipt, screendump the done screen, decode its QR with zbarimg (it must be the
sold code), then ask the guest to stop and wait for its poweroff. Prints "PASS name" / "FAIL name"
per check; writes OUT/sold-code and PNGs of the screens. Exit 0 only when every check passed.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pixels  # noqa: E402
from boot import QMP, Serial, stop_qemu, tap, wait_for_line  # noqa: E402


class Journey:
    def __init__(self, a):
        self.a = a
        self.passed = self.failed = 0
        os.makedirs(a.out, exist_ok=True)
        self.serial_path = os.path.join(a.out, "serial.log")
        self.qmp_path = os.path.join(a.out, "qmp.sock")
        self.control_in = os.path.join(a.out, "control")  # QEMU pipe chardev: control.in / control.out
        for p in (self.serial_path, self.qmp_path, self.control_in + ".in", self.control_in + ".out"):
            if os.path.exists(p):
                os.unlink(p)
        os.mkfifo(self.control_in + ".in")
        os.mkfifo(self.control_in + ".out")
        self.t0 = time.time()
        self.log = open(os.path.join(a.out, "guest.log"), "w")

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f" ({detail})" if detail else "")
              + f" [{time.time() - self.t0:.1f}s]", flush=True)
        return ok

    def expect(self, pattern, timeout):
        """Waits for a console line matching `pattern`; the match, or None on timeout or guest exit."""
        def seen(line):
            self.log.write(f"[{time.time() - self.t0:6.2f}] {line}\n")
            self.log.flush()
            if line.startswith(("INIT:", "kiosk: running", "kiosk: sold", "kiosk: payment")) or "error" in line.lower():
                print(f"  guest: {line}", flush=True)
        return wait_for_line(self.proc, self.serial, pattern, timeout, seen)

    def screendump(self, name):
        time.sleep(0.3)  # let the device model see the last writes
        ppm = os.path.join(self.a.out, name + ".ppm")
        self.qmp.cmd("screendump", filename=ppm)
        pic = pixels.read(ppm)
        png = os.path.join(self.a.out, name + ".png")
        pixels.write_png(pic, png)
        os.unlink(ppm)
        return pic, png

    def run(self):
        a = self.a
        # The devices come from the guest's /etc/kiosk/kiosk.toml; only driver flags travel here.
        kiosk = ",".join(a.kiosk_args)
        append = f"console=ttyS0 quiet panic=-1" + (f" kiosk={kiosk}" if kiosk else "")
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-m", "1024", "-smp", "1", "-no-reboot",
               "-display", "none", "-monitor", "none",
               "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
               "-kernel", os.path.join(a.work, "vmlinux"), "-initrd", os.path.join(a.work, a.initrd),
               "-append", append, "-vga", "std",
               "-device", "virtio-tablet-pci,id=tablet0", "-device", "virtio-keyboard-pci",
               "-drive", f"file={a.disk},if=virtio,format=raw",
               # ttyS0: the console; ttyS1: the bill acceptor (the emulator's pty); ttyS2: "stop".
               "-chardev", f"file,id=console,path={self.serial_path}",
               "-chardev", f"serial,id=cash,path={a.cash_pty}",
               "-chardev", f"pipe,id=control,path={self.control_in}",
               "-serial", "chardev:console", "-serial", "chardev:cash", "-serial", "chardev:control"]
        self.proc = subprocess.Popen(cmd, stdout=open(os.path.join(a.out, "qemu.out"), "w"), stderr=subprocess.STDOUT)
        self.serial = Serial(self.serial_path)
        self.qmp = None
        try:
            self.qmp = QMP(self.qmp_path)
            self.steps()
        except Exception as e:  # a broken QMP link or guest is a failure, never a hang
            self.check("harness", False, repr(e))
        finally:
            self.stop()
        return self.failed == 0 and self.passed > 0

    def steps(self):
        a = self.a
        m = self.expect(r"kiosk: running on (\w+) .* at (\d+)x(\d+)", a.timeout)
        if not self.check("kiosk runs on DRM in the guest", bool(m) and m.group(1) == "drm",
                          m.group(0) if m else "no 'running on' line (see guest.log)"):
            return
        w, h = int(m.group(2)), int(m.group(3))
        if not self.check(f"DRM mode is {a.size[0]}x{a.size[1]}", (w, h) == a.size, f"{w}x{h}"):
            return  # the tap position and the idle golden are for that size
        golden = pixels.read(a.idle_golden)
        for attempt in range(8):  # the first frame follows the status refresh: later on a loaded machine
            time.sleep(1.0)
            idle, idle_png = self.screendump("1-idle")
            same, msg = pixels.compare(golden, idle)
            if same:
                break
        self.check("idle screen on the DRM scanout == the PNG sink's frame on the host", same, f"{msg}; {idle_png}")
        # A tap on empty space (below the plans, above the language row) must change nothing.
        tap(self.qmp, w // 2, h * 3 // 4, w, h)
        stray = self.expect(r"kiosk: payment for", 3)
        same, msg = pixels.compare(idle, self.screendump("1-idle-after-empty-tap")[0])
        self.check("a tap on empty space starts nothing and changes no pixel", not stray and same,
                   stray.group(0) if stray else msg)
        sent = time.time()
        tap(self.qmp, *a.tap, w, h)
        p = self.expect(r"kiosk: payment for (.*) started", 30)
        tap_ms = (time.time() - sent) * 1000
        if not self.check("a tap on the first plan (virtio tablet, evdev) starts its payment",
                          bool(p) and p.group(1) == "Internet 1 hour",
                          f"{p.group(0)}; QMP tap → line read on the host {tap_ms:.0f} ms" if p
                          else "no 'payment … started' within 30 s"):
            return
        for attempt in range(10):
            time.sleep(1.0)
            pay, pay_png = self.screendump("2-payment")
            changed = pixels.count_differences(idle, pay, (0, 0, w, h))
            if changed > w * h // 50:
                break
        self.check("payment screen shown", changed > w * h // 50, f"{changed} pixels differ from idle, {pay_png}")
        # The payment enables the acceptor a moment after it starts: insert once the emulator idles
        # (enabled), as a customer would when the acceptor's light comes on.
        for attempt in range(40):
            st = subprocess.run([a.emulator, "ctl", a.control, "status"], capture_output=True, text=True, timeout=20)
            if "state=idling" in st.stdout:
                break
            time.sleep(0.5)
        sent = time.time()
        r = subprocess.run([a.emulator, "ctl", a.control, "insert", "100"], capture_output=True, text=True, timeout=20)
        self.check("note inserted in the emulator", r.returncode == 0, (r.stdout + r.stderr).strip()[:120])
        s = self.expect(r"kiosk: sold (.*): code ([0-9A-Z-]+)", 40)
        if not self.check("the note sold a ticket", bool(s),
                          f"{s.group(0)}; note inserted → line read on the host {(time.time() - sent) * 1000:.0f} ms" if s
                          else "no 'sold' line within 40 s"):
            return
        code = s.group(2).replace("-", "")
        with open(os.path.join(a.out, "sold-code"), "w") as f:
            f.write(code + "\n")
        # The same line says how the receipt went: "…, receipt printed" once the folder printer wrote it.
        self.check("the receipt was printed into the receipt folder", "receipt printed" in s.string,
                   s.string.split(", ", 1)[-1])
        # The done screen: its QR must be the sold code. It may take a frame or two under TCG.
        qr, done_png = "", ""
        for attempt in range(6):
            time.sleep(1.0)
            _, done_png = self.screendump("3-done")
            z = subprocess.run(["zbarimg", "-q", "--raw", done_png], capture_output=True, text=True)
            qr = z.stdout.strip().splitlines()[0] if z.stdout.strip() else ""
            if qr:
                break
        self.check("the done screen's QR (zbarimg on the screendump) is the sold code", qr == code,
                   f"QR '{qr}', sold '{code}', {done_png}")

    def stop(self):
        try:  # non-blocking: with QEMU gone there is no reader, and a plain open would wait forever
            fd = os.open(self.control_in + ".in", os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b"stop\n")
            os.close(fd)
        except OSError:
            pass
        end = time.time() + 20
        while time.time() < end and self.proc.poll() is None:
            self.expect(r"INIT: /data unmounted", 0.5)
        self.expect(r"$^", 0.2)  # drain the console into guest.log
        how = stop_qemu(self.proc, self.qmp, 0.1)
        with open(self.serial_path, errors="replace") as f:
            unmounted = "INIT: /data unmounted" in f.read()
        self.check("guest stopped the kiosk and unmounted /data", how == "guest poweroff" and unmounted, f"stopped by {how}")


def pair(text):
    x, y = text.lower().replace("x", ",").split(",")
    return int(x), int(y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True, help="folder with vmlinux and the initramfs")
    ap.add_argument("--initrd", default="initramfs-kiosk.cpio.gz")
    ap.add_argument("--out", required=True)
    ap.add_argument("--disk", required=True, help="raw ext2 image mounted on /data in the guest")
    ap.add_argument("--cash-pty", required=True, help="the emulator's pty slave (/dev/pts/N)")
    ap.add_argument("--emulator", required=True, help="ccnet-emulator binary")
    ap.add_argument("--control", required=True, help="the emulator's control socket")
    ap.add_argument("--tap", type=pair, required=True, help="X,Y of the first plan button")
    ap.add_argument("--size", type=pair, required=True, help="the DRM mode expected (the tap and golden's size)")
    ap.add_argument("--idle-golden", required=True, help="PNG of the idle screen at --size, drawn by the PNG sink")
    ap.add_argument("--kiosk-args", default="", help="more arguments for kiosk run, comma-separated")
    ap.add_argument("--timeout", type=float, default=90, help="seconds for the kiosk's first frame")
    a = ap.parse_args()
    a.kiosk_args = [x for x in a.kiosk_args.split(",") if x]
    j = Journey(a)
    ok = j.run()
    print(f"JOURNEY: {j.passed} passed, {j.failed} failed, {time.time() - j.t0:.1f} s", flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
