"""A cap on a request's line and headers, which uvicorn's httptools protocol reads without one.

A module of its own, importing nothing heavy: with `ses serve --workers N`, uvicorn hands this class
to each worker process pickled, so importing it is the first thing a worker does — before it
answers its supervisor's health checks (five seconds).
"""

from __future__ import annotations

import logging

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["MAX_HEAD", "BoundedHead"]

logger = logging.getLogger(__name__)

# A request's line and headers: Slack's and browsers' take a few KB (h11 allows 16 KiB, nginx 32).
MAX_HEAD = 64 * 1024


class BoundedHead(HttpToolsProtocol):
    """uvicorn's httptools protocol (the fast one, for Slack's acks), which keeps every byte of a
    request's line and headers until they end — a 50 MB header cost 68 MB. A head still incomplete
    past MAX_HEAD gets 431 and the connection is closed; `ses serve` runs with this protocol."""

    _in_head = False
    _head_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes = True, 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self._in_head or self.transport.is_closing():
            return
        self._head_bytes += len(data)
        if self._head_bytes > MAX_HEAD:
            self._in_head = False
            logger.warning(
                "request from %s refused: head over %d bytes", (self.client or ("?",))[0], MAX_HEAD
            )
            self.transport.write(_HEAD_TOO_LARGE)
            self.transport.close()


_HEAD_REFUSAL = b'{"error": "headers_too_large"}'
_HEAD_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_HEAD_REFUSAL), _HEAD_REFUSAL)
)
