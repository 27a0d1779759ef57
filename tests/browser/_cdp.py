"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (test helper).

Chromium reads protocol messages on file descriptor 3 and writes on 4, each a JSON object
ended by a NUL byte (the transport Puppeteer uses). That needs no websocket library and no
free port: the standard library is enough. Only what the browser tests need is here: open a
page at a size, load a file, evaluate JavaScript, press keys (trusted input events), type,
take a screenshot and print to PDF.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["Browser", "BrowserError", "Page", "find_chromium"]

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
)
"""The flags every run uses (the last one opens the protocol on fds 3 and 4)."""

_KEYS = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    " ": {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "text": " "},
}


class BrowserError(RuntimeError):
    """The browser failed, timed out, or a page script threw."""


def find_chromium() -> str | None:
    """The Chromium executable: ``$COMPETENCY_CHROMIUM``, else ``chromium`` or
    ``chromium-browser`` on the PATH."""
    explicit = os.environ.get("COMPETENCY_CHROMIUM")
    if explicit:
        return shutil.which(explicit)  # None unless it names an executable
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _high(fd: int) -> int:
    """`fd` duplicated to a number of at least 10 (the original is closed)."""
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium with a fresh profile; close it (or use ``with``)."""

    def __init__(self, executable: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="competency-chromium-")
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()
        to_child, from_child = _high(to_child), _high(from_child)
        # bash (dash cannot redirect fds above 9) puts the child's pipe ends on fds 3 and 4, where Chromium looks for them
        # (moved above 10 first, so that neither is already 3 or 4).
        script = f'exec "$0" "$@" 3<&{to_child} 4>&{from_child} {to_child}<&- {from_child}>&-'
        self._proc = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", script, executable, *FLAGS,
             f"--user-data-dir={self._profile}", "about:blank"],
            pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to quit, then make sure it has; remove its profile."""
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._in, self._out):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- the protocol ------------------------------------------------------------------------

    def _read(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._in], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the DevTools pipe (did it start?)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Call `method` and return its result (events that arrive meanwhile are kept)."""
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data):]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, method: str, session: str | None = None) -> dict[str, Any]:
        """Wait for the event `method` (of `session`) and return its params."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == session:
                    del self._events[i]
                    params: dict[str, Any] = event.get("params", {})
                    return params
            self._events.append(self._read(deadline))

    def drain(self, method: str, session: str | None = None) -> list[dict[str, Any]]:
        """The params of the events `method` (of `session`) received so far, removed from
        the queue."""
        found = [e for e in self._events
                 if e["method"] == method and e.get("sessionId") == session]
        self._events = [e for e in self._events if e not in found]
        return [e.get("params", {}) for e in found]

    def page(self, width: int, height: int = 900) -> Page:
        """A new tab of `width` × `height` CSS pixels."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.resize(width, height)
        return page


class Page:
    """One tab, driven through its DevTools session."""

    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call a protocol method in this tab."""
        return self.browser.send(method, params, self.session)

    def close(self) -> None:
        """Close the tab."""
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def resize(self, width: int, height: int = 900) -> None:
        """Emulate a viewport of `width` × `height` CSS pixels (mobile below 600)."""
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": width < 600})

    def open(self, path: Path) -> None:
        """Load the file `path` and wait until it has loaded."""
        self.call("Page.navigate", {"url": path.resolve().as_uri()})
        self.browser.wait_for("Page.loadEventFired", self.session)

    def evaluate(self, expression: str) -> Any:
        """The value of `expression` (awaited if it is a promise); a script error raises."""
        reply = self.call("Runtime.evaluate", {"expression": expression,
                                               "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"script failed: {text}")
        return reply["result"].get("value")

    def press(self, key: str, *, shift: bool = False) -> None:
        """Press and release `key` ("Tab", "Enter" or " ") as a trusted keyboard event."""
        spec = dict(_KEYS[key])
        modifiers = 8 if shift else 0
        self.call("Input.dispatchKeyEvent", {"type": "keyDown", "modifiers": modifiers, **spec})
        spec.pop("text", None)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "modifiers": modifiers, **spec})

    def type(self, text: str) -> None:
        """Type `text` into the focused field (fires ``input`` events)."""
        self.call("Input.insertText", {"text": text})

    def media(self, media: str) -> None:
        """Emulate a CSS media type (``"print"``, or ``""`` for the screen)."""
        self.call("Emulation.setEmulatedMedia", {"media": media})

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page (beyond the viewport) to `path`."""
        size = self.evaluate("[document.documentElement.scrollWidth,"
                             "document.documentElement.scrollHeight]")
        data = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}})
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def pdf(self, path: Path) -> Path:
        """Print the page to `path` as an A4 PDF (the page's own @page rules apply)."""
        data = self.call("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True,
            "preferCSSPageSize": True, "displayHeaderFooter": False})
        path.write_bytes(base64.b64decode(data["data"]))
        return path
