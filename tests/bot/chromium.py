"""Headless Chromium driven over the DevTools protocol (Debian's `chromium`; no driver, no download)."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

BINARIES = ("chromium", "chromium-browser", "google-chrome")
AXE_JS = Path(__file__).resolve().parents[2] / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def find_chromium() -> str | None:
    return next((path for name in BINARIES if (path := shutil.which(name))), None)


class Chromium:
    """One headless browser with one page; `evaluate` runs JavaScript in it and returns the value."""

    def __init__(self, binary: str, url: str) -> None:
        self._profile = tempfile.mkdtemp(prefix="ses-chromium-")
        self._process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile}",
                "--window-size=1000,900",
                url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port = self._devtools_port()
        deadline = time.monotonic() + 20
        while True:
            pages = [t for t in httpx.get(f"http://127.0.0.1:{port}/json/list").json() if t["type"] == "page"]
            if pages or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self._stack = contextlib.ExitStack()
        self._ws = self._stack.enter_context(
            connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        )
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []  # received while waiting for a reply

    def _devtools_port(self) -> int:
        assert self._process.stderr is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self._process.stderr.readline()
            if not line and self._process.poll() is not None:
                break
            match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if match:
                return int(match.group(1))
        raise RuntimeError("Chromium did not start its DevTools endpoint")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self._ws.recv(timeout=30))
            if "method" in reply:
                self._events = [*self._events[-99:], reply]
            elif reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def next_event(self, method: str, timeout: float = 20.0) -> dict[str, Any]:
        """The params of the next `method` event (enable its domain first), kept or still to come."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event["method"] == method:
                    self._events.remove(event)
                    return dict(event.get("params", {}))
            self._events.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {method} event")
            message = json.loads(self._ws.recv(timeout=left))
            if "method" in message:
                self._events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"never true in the page: {expression}")

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._stack.close()
        finally:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            shutil.rmtree(self._profile, ignore_errors=True)


def require_chromium() -> str:
    import pytest

    binary = find_chromium()
    if binary is None:
        pytest.skip("headless Chromium not installed (apt-get install -y chromium)")  # fails under CI
    return binary


def settle(page: Chromium, expression: str, timeout: float = 20.0) -> Any:
    """Like wait_for, but tolerant of the page navigating between two evaluations."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(f"document.readyState === 'complete' && ({expression})")
        except RuntimeError:
            value = None
        if value:
            return value
        time.sleep(0.05)
    try:
        shown = page.evaluate("(document.querySelector('.error') || {}).textContent || location.href")
    except RuntimeError:
        shown = "?"
    raise AssertionError(f"never true in the page: {expression} (page shows: {shown})")


def axe_violations(page: Chromium) -> list[dict[str, Any]]:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core not installed at {AXE_JS} (npm install --prefix .venv/npm axe-core@4.14.1)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found = page.evaluate(f"axe.run(document, {options}).then(r => JSON.stringify(r.violations))")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in json.loads(found)
        if v["impact"] in ("serious", "critical")
    ]


def open_browser(url: str, width: str) -> Chromium:
    browser = Chromium(require_chromium(), url)
    browser.send("Page.enable")
    browser.send("Page.setBypassCSP", enabled=True)  # for injecting axe-core; the app sends a strict CSP
    w, h = WIDTHS[width]
    browser.send("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1, mobile=w < 600)
    settle(browser, "!!document.querySelector('h1')")  # the first page is in before we navigate away
    return browser
