"""A small Chrome DevTools Protocol driver for the browser tests (tests only; not part of the pipeline).

    with Browser() as browser:
        browser.navigate("http://127.0.0.1:8000/toc.html")
        browser.errors()                 # console errors, uncaught exceptions, CSP violations, failed loads
        browser.evaluate("document.title")
        browser.press("Enter")           # a key, as a person presses it (trusted input events)
        browser.resize(390)              # another viewport width
        browser.screenshot(path)         # the whole page, not only the viewport

Chromium (Debian's package) is started headless with `--remote-debugging-port=0` and a new empty profile
folder; it writes the port it chose to `<profile>/DevToolsActivePort`. The driver asks that port for the
page target and talks to it over one websocket (websocket-client), one command at a time: a command is
sent with an id and messages are read until the answer with that id comes; the events read meanwhile
(console messages, exceptions, log entries, the load event) are kept in order. Chromium is always shut
down with its whole process group, also when a test fails or the start does not succeed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import websocket

# What keeps Chromium off the network and quiet here (it would otherwise try Google's services at start).
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
    "--password-store=basic",
)


class CDPError(RuntimeError):
    """Chromium answered a command with an error, or did not answer in time."""


class JavaScriptError(RuntimeError):
    """An expression given to `evaluate` threw."""


@dataclass(frozen=True)
class Message:
    """A console message, an uncaught exception or a browser log entry of the current page."""

    kind: str  # "console" (Runtime.consoleAPICalled), "exception" (Runtime.exceptionThrown), "log" (Log.entryAdded)
    level: str  # "error", "warning", "info", ...
    text: str
    url: str = ""
    source: str = ""  # for log entries: "network", "security", "javascript", "violation", ...

    @property
    def is_error(self) -> bool:
        return self.kind == "exception" or self.level == "error"

    def __str__(self) -> str:
        where = f" ({self.url})" if self.url else ""
        source = f"/{self.source}" if self.source else ""
        return f"[{self.kind}{source} {self.level}] {self.text}{where}"


def find_chromium() -> str | None:
    """Debian's chromium (or a chromium/chrome on PATH, or $CHROMIUM)."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


class Browser:
    """One headless Chromium with one page (tab), driven over the DevTools protocol."""

    def __init__(self, executable: str | None = None, *, width: int = 1280, height: int = 900,
                 timeout: float = 30.0) -> None:
        self.executable = executable or find_chromium()
        if not self.executable:
            raise FileNotFoundError("chromium not installed: apt-get install chromium")
        self.width, self.height, self.timeout = width, height, timeout
        self.messages: list[Message] = []
        self._events: list[dict] = []
        self._next_id = 0
        self._process: subprocess.Popen | None = None
        self._profile: Path | None = None
        self._log = None
        self._ws: websocket.WebSocket | None = None

    # ----- start and stop -----

    def __enter__(self) -> Browser:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        self._profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
        self._log = (self._profile.parent / f"{self._profile.name}.log").open("wb")
        self._process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-port=0",
             "--remote-debugging-address=127.0.0.1", f"--window-size={self.width},{self.height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that close() ends every process it starts
        )
        port = self._wait_for_port()
        targets = self._http_json(port, "/json/list")
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise CDPError(f"chromium offers no page target: {targets}")
        # suppress_origin: Chromium refuses websocket clients that send an Origin it was not told to allow.
        self._ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=self.timeout,
                                               suppress_origin=True, enable_multithread=False)
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)

    def close(self) -> None:
        """Close the connection and end Chromium's whole process group; remove the profile folder."""
        if self._ws is not None:
            with contextlib.suppress(Exception):
                self._ws.close()
            self._ws = None
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=10)
            # Helpers (renderer, zygote) are in the group too; a SIGKILL to the group ends any that lingered.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process = None
        if self._log is not None:
            self._log.close()
            Path(self._log.name).unlink(missing_ok=True)
            self._log = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def _wait_for_port(self) -> int:
        assert self._profile is not None and self._process is not None
        active = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise CDPError(f"chromium exited at start with code {self._process.returncode}: {self._output()}")
            if active.is_file():
                lines = active.read_text().split()
                if lines and lines[0].isdigit():
                    return int(lines[0])
            time.sleep(0.05)
        raise CDPError(f"chromium wrote no DevToolsActivePort within {self.timeout:.0f} s: {self._output()}")

    def _output(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-2000:]

    @staticmethod
    def _http_json(port: int, path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return json.load(answer)

    # ----- the protocol -----

    def send(self, method: str, **params: Any) -> dict:
        """Send one command and return its result, keeping the events that arrive before it."""
        if self._ws is None:
            raise CDPError("the browser is not started")
        self._next_id += 1
        ident = self._next_id
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline, method)
            if message.get("id") == ident:
                if "error" in message:
                    raise CDPError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, event: str, timeout: float | None = None) -> dict:
        """Return the parameters of the first kept `event` (removing it), reading until it comes."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, kept in enumerate(self._events):
                if kept["method"] == event:
                    return self._events.pop(i).get("params", {})
            self._receive(deadline, event)

    def _receive(self, deadline: float, waiting_for: str) -> dict:
        assert self._ws is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CDPError(f"no answer from chromium to {waiting_for} in time")
        self._ws.settimeout(remaining)
        try:
            message = json.loads(self._ws.recv())
        except websocket.WebSocketTimeoutException:
            raise CDPError(f"no answer from chromium to {waiting_for} in time") from None
        if "method" in message:
            self._event(message)
        return message

    def _event(self, message: dict) -> None:
        method, params = message["method"], message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(_remote_text(a) for a in params.get("args", []))
            level = {"warn": "warning", "assert": "error"}.get(params.get("type", ""), params.get("type", ""))
            frame = (params.get("stackTrace") or {}).get("callFrames") or [{}]
            self.messages.append(Message("console", level, text, frame[0].get("url", "")))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            exception = details.get("exception") or {}
            text = exception.get("description") or details.get("text", "")
            self.messages.append(Message("exception", "error", text, details.get("url", "")))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.messages.append(Message("log", entry.get("level", ""), entry.get("text", ""), entry.get("url", ""),
                                         entry.get("source", "")))
        elif method.startswith("Page."):
            self._events.append(message)

    # ----- what the tests use -----

    def navigate(self, url: str) -> None:
        """Load `url` (file:// or http://127.0.0.1) and wait for its load event; forget the last page's messages."""
        self.messages.clear()
        self._events.clear()
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise CDPError(f"could not load {url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")
        self.evaluate("document.readyState")  # a round trip, so the messages the load produced are all read

    def errors(self) -> list[Message]:
        """Console errors, uncaught exceptions and error log entries (CSP violations, failed loads) so far."""
        return [m for m in self.messages if m.is_error]

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """Evaluate JavaScript in the page and return its value (as JSON would carry it).

        Runtime.evaluate is the debugger's own evaluation: the page's Content-Security-Policy (script-src
        'none') does not apply to it, so it runs on pages that allow no script at all.
        """
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=await_promise, userGesture=False)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = (details.get("exception") or {}).get("description") or details.get("text", "")
            raise JavaScriptError(text)
        return result.get("result", {}).get("value")

    def press(self, key: str) -> None:
        """Press and release one key (Enter, Escape, Tab, Space, ArrowRight ...) as a person at the keyboard would:
        trusted input events to the focused element, which the page's own scripts (it has none) could not fake."""
        code, text = _KEYS[key]
        common = {"key": "Space" if key == "Space" else key, "code": key, "windowsVirtualKeyCode": code,
                  "nativeVirtualKeyCode": code}
        if key == "Space":
            common["key"] = " "
        self.send("Input.dispatchKeyEvent", type="keyDown" if text else "rawKeyDown", text=text, **common)
        self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    def accessible(self, selector: str) -> dict[str, str]:
        """The role and the accessible name that assistive technology gets for the first element matching the CSS
        `selector` (Chromium's accessibility tree), e.g. {"role": "button", "name": "Enlarge: Figure 1 ..."}."""
        document = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=document, selector=selector)["nodeId"]
        if not node:
            raise CDPError(f"no element matches {selector!r}")
        nodes = self.send("Accessibility.getPartialAXTree", nodeId=node, fetchRelatives=False)["nodes"]
        found = nodes[0] if nodes else {}
        return {"role": (found.get("role") or {}).get("value", ""), "name": (found.get("name") or {}).get("value", "")}

    def resize(self, width: int, height: int | None = None) -> None:
        """Lay the page out again for a viewport `width` CSS pixels wide (390: a phone; 1280: a desktop)."""
        self.width, self.height = width, height or self.height
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height, deviceScaleFactor=1,
                  mobile=False)

    def screenshot(self, path: Path, *, max_height: int = 32000, viewport: bool = False) -> Path:
        """Save a PNG of the whole page (beyond the viewport), at most `max_height` CSS pixels tall; with `viewport`,
        of what the screen shows (a modal dialog over the page, as the reader sees it)."""
        if viewport:
            shot = self.send("Page.captureScreenshot", format="png")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(shot["data"]))
            return path
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": max(1, round(size["width"])),
                "height": max(1, min(round(size["height"]), max_height)), "scale": 1}
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip,
                         fromSurface=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


# Keys `press` knows: (the Windows virtual key code Chromium expects, the text the key types).
_KEYS = {"Enter": (13, "\r"), "Escape": (27, ""), "Tab": (9, ""), "Space": (32, " "), "ArrowRight": (39, ""),
         "ArrowLeft": (37, ""), "End": (35, ""), "Home": (36, "")}


def _remote_text(arg: dict) -> str:
    """A console argument (a Runtime.RemoteObject) as text."""
    if "value" in arg:
        return str(arg["value"])
    return arg.get("description") or arg.get("unserializableValue") or arg.get("type", "")
