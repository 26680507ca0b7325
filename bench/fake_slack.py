"""A local stand-in for Slack: the Web API (and response_url) over HTTP, Socket Mode over WebSocket,
and the signing scheme Slack uses for the requests it sends. Shared by bench/ and tests/bot (bench never imports tests)..

The fake answers like Slack (the fields our code and slack_sdk read), records every call, and
can be told to answer the next call of a method with 429 + Retry-After, as Slack does under load.
Files given to `add_file` are described by `files.info` and served at their `url_private`, to the
bot token only (each download is recorded as a `file_download` call).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

from slack_sdk.signature import SignatureVerifier

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-0000000001-secret-bot-token"
APP_TOKEN = "xapp-1-A0000001-secret-app-token"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """The Web API at `api_url` (give it to SLACK_API_URL) and response_urls from `response_url()`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.locales: dict[str, str] = {}
        self.socket_url: str | None = None
        self.files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._file_ids = itertools.count(1)
        self._failures: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ARG002 — quiet
                return None

            def do_GET(self) -> None:
                fake._handle(self, body=b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                fake._handle(self, body=self.rfile.read(length))

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.request_queue_size = 1024
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def reset(self) -> None:
        with self._cond:
            self.calls.clear()
            self.locales.clear()
            self.files.clear()
            self._failures.clear()
            self.socket_url = None

    # --- steering -----------------------------------------------------------------------------

    def rate_limit_once(self, method: str, retry_after: int = 0) -> None:
        """The next call of `method` gets 429 ratelimited with this Retry-After, as Slack answers."""
        self.fail_once(method, 429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"})

    def fail_once(self, method: str, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
        with self._cond:
            self._failures.setdefault(method, []).append((status, headers, body))

    def add_file(self, name: str, content: bytes, *, size: int | None = None, **extra: Any) -> str:
        """A file shared in Slack: its id, for events and permalinks; `size` may lie, as a test needs."""
        file_id = f"F{next(self._file_ids):08d}"
        url = f"http://127.0.0.1:{self.port}/files-pri/{TEAM_ID}-{file_id}/{name}"
        info = {
            "id": file_id,
            "name": name,
            "title": name,
            "size": len(content) if size is None else size,
            "mode": "hosted",
            "is_external": False,
            "url_private": url,
            "url_private_download": url.replace("/files-pri/", "/files-pri/download/", 1),
            "permalink": f"https://test.slack.com/files/UALICE01/{file_id}/{name}",
            **extra,
        }
        with self._cond:
            self.files[file_id] = (info, content)
        return file_id

    # --- reading what happened ----------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 15.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Block until `count` matching calls were recorded (bounded); the matching calls."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(
                        f"{len(found)}/{count} calls to {method} within {timeout}s; saw {seen}"
                    )
                self._cond.wait(left)

    # --- the server side ----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        url = urlparse(handler.path)
        params: dict[str, Any] = dict(parse_qsl(url.query))
        content_type = handler.headers.get("Content-Type", "")
        if body and "json" in content_type:
            params.update(json.loads(body))
        elif body:
            params.update(parse_qsl(body.decode("utf-8")))
        if url.path.startswith("/files-pri/"):
            self._serve_file(handler, url.path)
            return
        if url.path.startswith("/response/"):
            method = "response_url"
            params["_url"] = url.path.rsplit("/", 1)[-1]
        elif url.path.startswith("/api/"):
            method = url.path[len("/api/") :]
        else:
            self._send(handler, 404, {}, {"ok": False, "error": "not_found"})
            return
        for key in ("blocks", "attachments", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        with self._cond:
            failures = self._failures.get(method)
            failure = failures.pop(0) if failures else None
            self.calls.append(Call(method, params))
            self._cond.notify_all()
        if failure is not None:
            self._send(handler, *failure)
            return
        if method == "response_url":
            self._send_text(handler, 200, "ok")
            return
        self._send(handler, 200, {}, self._answer(method, params))

    def _next_ts(self) -> str:
        return new_ts()  # one sequence for the bot's messages and the users': never the same ts twice

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return {
                **ok,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "ses",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "ts": ts, "text": params.get("text"), "bot_id": BOT_ID}
            return {**ok, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {**ok, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {
                **ok,
                "channel": params.get("channel"),
                "ts": params.get("ts"),
                "text": params.get("text"),
            }
        if method in ("reactions.add", "reactions.remove"):
            return ok
        if method == "users.info":
            user = params.get("user", "")
            return {
                **ok,
                "user": {"id": user, "name": user.lower(), "locale": self.locales.get(user, "fr-CA")},
            }
        if method in ("views.open", "views.publish", "views.update"):
            return {**ok, "view": {"id": "V0000001", **(params.get("view") or {})}}
        if method == "conversations.open":
            return {**ok, "channel": {"id": "D" + str(params.get("users", "U"))[1:]}}
        if method == "files.info":
            with self._cond:
                found = self.files.get(str(params.get("file")))
            return {**ok, "file": found[0]} if found else {"ok": False, "error": "file_not_found"}
        if method == "apps.connections.open":
            return {**ok, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "no_socket"}
        return {"ok": False, "error": "unknown_method"}

    def _serve_file(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        """`url_private`: the bytes for the bot token; Slack's sign-in page (HTML) for anyone else."""
        authorization = handler.headers.get("Authorization", "")
        file_id = path.split("/")[-2].rsplit("-", 1)[-1]
        with self._cond:
            self.calls.append(Call("file_download", {"file": file_id, "authorization": authorization}))
            self._cond.notify_all()
            found = self.files.get(file_id)
        if found is None:
            self._send_text(handler, 404, "not found")
            return
        if authorization != f"Bearer {BOT_TOKEN}":
            self._send_text(
                handler, 200, "<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html"
            )
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(found[1])))
        handler.end_headers()
        handler.wfile.write(found[1])

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: dict[str, Any]
    ) -> None:
        data = json.dumps(body).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _send_text(
        handler: BaseHTTPRequestHandler, status: int, text: str, content_type: str = "text/plain"
    ) -> None:
        data = text.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


# --- what Slack sends us ----------------------------------------------------------------------


def sign(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds to each request: timestamp and v0 HMAC-SHA256 signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None  # None only without a secret
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


_event_ids = itertools.count(1)
_message_ts = itertools.count(1)


def new_ts() -> str:
    return f"{int(time.time())}.{next(_message_ts):06d}"


def event_body(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0000001",
        "event": {"event_ts": event.get("ts", new_ts()), **event},
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def mention(
    text: str,
    *,
    user: str = "UALICE01",
    channel: str = "CGENERAL1",
    thread_ts: str | None = None,
    ts: str | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts or new_ts(),
        "channel": channel,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(
    text: str,
    *,
    user: str = "UALICE01",
    channel: str = "DALICE001",
    channel_type: str = "im",
    thread_ts: str | None = None,
    ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts or new_ts(),
        "channel": channel,
        "channel_type": channel_type,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_form(text: str, *, user: str = "UALICE01", channel: str = "CGENERAL1", response_url: str) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/ses",
            "text": text,
            "api_app_id": "A0000001",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def action_form(
    action: dict[str, Any],
    *,
    user: str = "UALICE01",
    channel: str = "CGENERAL1",
    message: dict[str, Any] | None = None,
    response_url: str,
    ephemeral: bool = False,
) -> str:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0000001",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "channel": {"id": channel, "name": "general"},
        "container": {
            "type": "message",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
            "message_ts": (message or {}).get("ts", new_ts()),
        },
        "response_url": response_url,
        "actions": [{"type": "button", "block_id": "answer_actions", "action_ts": new_ts(), **action}],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)})


def view_submission_form(view: dict[str, Any], values: dict[str, str], *, user: str = "UALICE01") -> str:
    """The view_submission Slack sends when `user` submits the modal `view` (as views.open received it).

    `values` maps each input's block id (= its action id) to what was typed or the option chosen.
    """
    state: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        block_id = block["block_id"]
        if element["type"] == "static_select":
            chosen = values.get(block_id, (element.get("initial_option") or {}).get("value"))
            option = next((o for o in element["options"] if o["value"] == chosen), None)
            entry: dict[str, Any] = {"type": "static_select", "selected_option": option}
        else:
            entry = {"type": element["type"], "value": values.get(block_id, element.get("initial_value"))}
        state[block_id] = {element["action_id"]: entry}
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0000001",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "view": {**view, "id": "V0000001", "team_id": TEAM_ID, "state": {"values": state}},
    }
    return urlencode({"payload": json.dumps(payload)})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- Socket Mode ------------------------------------------------------------------------------


class FakeSocketMode:
    """A Socket Mode endpoint: says hello, pushes envelopes, collects the app's acks."""

    def __init__(self) -> None:
        self.acks: list[dict[str, Any]] = []
        self.url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connections: set[Any] = set()
        self._connected = threading.Event()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Future[None] | None = None

    def start(self) -> FakeSocketMode:
        ready = threading.Event()

        def run() -> None:
            asyncio.run(self._main(ready))

        self._thread = threading.Thread(target=run, name="fake-socket-mode", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Socket Mode server did not start")
        return self

    async def _main(self, ready: threading.Event) -> None:
        from websockets.asyncio.server import serve

        self._loop = asyncio.get_running_loop()
        self._stop = self._loop.create_future()
        async with serve(self._session, "127.0.0.1", 0) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            self.url = f"ws://127.0.0.1:{port}/link/?ticket=test"
            ready.set()
            await self._stop

    async def _session(self, websocket: Any) -> None:
        self._connections.add(websocket)
        await websocket.send(
            json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        )
        self._connected.set()
        try:
            async for raw in websocket:
                with self._cond:
                    self.acks.append(json.loads(raw))
                    self._cond.notify_all()
        finally:
            self._connections.discard(websocket)

    def wait_connected(self, timeout: float = 10.0) -> None:
        if not self._connected.wait(timeout):
            raise AssertionError("the app never connected over Socket Mode")

    def push(self, envelope: dict[str, Any]) -> None:
        assert self._loop is not None
        data = json.dumps(envelope)

        async def send() -> None:
            for websocket in list(self._connections):
                await websocket.send(data)

        asyncio.run_coroutine_threadsafe(send(), self._loop).result(5)

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for ack in self.acks:
                    if ack.get("envelope_id") == envelope_id:
                        return ack
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for envelope {envelope_id}")
                self._cond.wait(left)

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set_result, None)
        if self._thread is not None:
            self._thread.join(5)
