"""A loopback HTTP server of fixed answers that records who asked: a host that redirects, or a
foreign host that must never be asked (nor receive the bot's token)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Hit:
    path: str
    authorization: str


class LocalHTTP:
    """`routes` maps a path to its answer; any other path is 404. `hits` lists every request."""

    def __init__(self, routes: dict[str, Answer] | None = None) -> None:
        self.routes = dict(routes or {})
        self.hits: list[Hit] = []
        local = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — quiet
                pass

            def do_GET(self) -> None:
                local.hits.append(Hit(self.path, self.headers.get("Authorization", "")))
                answer = local.routes.get(self.path, Answer(404, body=b"not found"))
                self.send_response(answer.status)
                for name, value in {"Content-Length": str(len(answer.body)), **answer.headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LocalHTTP:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def redirect(location: str) -> Answer:
    return Answer(302, {"Location": location})
