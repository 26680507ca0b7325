"""What the edge tests share: `ses serve` on the small index with a fake Slack, and raw HTTP.

Raw HTTP, because the clients we have (httpx) send a body whole and honestly: here a request's head
goes first, then its body piece by piece — with a Content-Length that lies, or chunked — and the
answer is read as soon as the server gives it, so a test sees whether the server answered before
reading everything.
"""

from __future__ import annotations

import http.client
import select
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import fake_slack as fs
from cases import migrate
from tests.hardening.serve_process import ServeProcess, server_env


def start_server(
    tmp: Path, small_index: Path, fake: fs.FakeSlack, *, database_url: str | None = None, **env: str
) -> ServeProcess:
    """`ses serve` on the small index and a migrated SQLite database of its own (or `database_url`)."""
    data = tmp / "data"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "index").exists():
        (data / "index").symlink_to(small_index, target_is_directory=True)
    if database_url is None:
        database_url = f"sqlite:///{tmp / 'ses.db'}"
        migrate.upgrade(database_url)
    process = ServeProcess(
        server_env(data_dir=data, database_url=database_url, fake=fake, **env), tmp / "serve.log"
    )
    return process.start()


def log_of(server: ServeProcess) -> str:
    return server.log.read_text(errors="replace")


def assert_no_traceback(server: ServeProcess) -> None:
    log = log_of(server)
    assert "Traceback" not in log and "Exception in ASGI application" not in log, server.tail()


@dataclass(frozen=True)
class Raw:
    status: int
    body: bytes
    sent: int  # body bytes the socket took before the answer came


def exchange(port: int, head: str, pieces: Iterable[bytes], timeout: float = 30) -> Raw:
    """Send `head`, then `pieces` while the server has not answered; then read its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("utf-8"))
        sent = _send_until_answered(sock, pieces, timeout)
        sock.setblocking(True)
        sock.settimeout(timeout)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return Raw(response.status, response.read(), sent)


def _send_until_answered(sock: socket.socket, pieces: Iterable[bytes], timeout: float) -> int:
    sock.setblocking(False)
    sent = 0
    for piece in pieces:
        view = memoryview(piece)
        while view:
            readable, writable, _ = select.select([sock], [sock], [], timeout)
            if readable or not writable:
                return sent
            try:
                n = sock.send(view)
            except BlockingIOError:
                continue
            except OSError:
                return sent
            view, sent = view[n:], sent + n
    return sent


def head(method: str, path: str, port: int, **headers: str) -> str:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return "\r\n".join(lines) + "\r\n\r\n"


def chunked(total: int, size: int = 64 * 1024, fill: bytes = b"a") -> Iterator[bytes]:
    """`total` bytes as HTTP/1.1 chunks of `size`, then the last chunk."""
    for start in range(0, total, size):
        data = fill * min(size, total - start)
        yield f"{len(data):x}\r\n".encode() + data + b"\r\n"
    yield b"0\r\n\r\n"


def slices(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]
