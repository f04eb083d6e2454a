"""A small Chrome DevTools Protocol client over --remote-debugging-pipe (standard library only).

Chromium reads JSON commands from fd 3 and writes replies and events to fd 4, each message ended
by a NUL byte. This drives a real page: clicks are mouse events at an element's centre, typing is
Input.insertText into the focused field, so forms submit exactly as a person's would.
"""
import base64
import json
import os
import queue
import subprocess
import threading
import time


class Browser:
    def __init__(self, chromium, profile, width=1024, height=768):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Chromium wants its pipe ends on fds 3 (read) and 4 (write).
        def child_fds():
            # Copies first: a pipe end may itself be fd 3 or 4, and dup2 onto itself keeps close-on-exec.
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                "about:blank"]
        # close_fds=False: the child's fds 3 and 4 are the dup2 copies (inheritable); the pipe ends
        # os.pipe made are close-on-exec and vanish at exec.
        self.process = subprocess.Popen(args, close_fds=False, preexec_fn=child_fds,
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "chromium.log"), "w"))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self._replies = {}
        self._events = queue.Queue()
        self._lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        self.page("Page.enable")
        self.page("Runtime.enable")
        self.page("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def _read(self):
        buffer = b""
        while True:
            chunk = os.read(self._from_chrome, 65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        self._replies[message["id"]] = message
                        self._lock.notify_all()
                else:
                    self._events.put(message)

    def call(self, method, params=None, session=None, timeout=90):
        with self._lock:
            self._next += 1
            ident = self._next
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        with self._lock:
            while ident not in self._replies:
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"{method}: no reply in {timeout}s")
                self._lock.wait(left)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def page(self, method, params=None, timeout=90):
        return self.call(method, params, session=self.session, timeout=timeout)

    def drain_events(self):
        while not self._events.empty():
            self._events.get_nowait()

    def wait_load(self, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                event = self._events.get(timeout=max(0.05, deadline - time.time()))
            except queue.Empty:
                break
            if event.get("method") == "Page.loadEventFired":
                return
        raise TimeoutError("the page did not finish loading")

    def goto(self, url):
        self.drain_events()
        self.page("Page.navigate", {"url": url})
        self.wait_load()

    def js(self, expression):
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def centre(self, selector):
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if box is None:
            raise LookupError(f"no element {selector} on {self.js('location.href')}")
        return box

    def click(self, selector, navigates=True):
        """A left click at the element's centre, as a mouse would; waits for the next page when it navigates."""
        x, y = self.centre(selector)
        self.drain_events()
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.page("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        if navigates:
            self.wait_load()

    def type(self, selector, text):
        """Clicks into the field, clears it and types `text`."""
        self.click(selector, navigates=False)
        self.js(f"document.querySelector({json.dumps(selector)}).select && document.querySelector({json.dumps(selector)}).select()")
        self.page("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8})
        self.page("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8})
        self.page("Input.insertText", {"text": text})

    def choose(self, selector, value):
        """Picks an option of a <select> (a native pop-up has no page coordinates to click in headless mode)."""
        ok = self.js(f"""(() => {{ const s = document.querySelector({json.dumps(selector)});
            if (![...s.options].some(o => o.value === {json.dumps(value)})) return false;
            s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true; }})()""")
        if not ok:
            raise LookupError(f"{selector} has no option {value}")

    def tick(self, selector):
        if not self.js(f"document.querySelector({json.dumps(selector)}).checked"):
            self.click(selector, navigates=False)

    def text(self, selector="body"):
        return self.js(f"(document.querySelector({json.dumps(selector)}) || {{innerText: ''}}).innerText") or ""

    def screenshot(self, path, full_page=True):
        params = {"format": "png"}
        if full_page:
            width, height = self.js("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": min(height, 4000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.page("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def allow_downloads(self, folder):
        self.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder, "eventsEnabled": True})

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
