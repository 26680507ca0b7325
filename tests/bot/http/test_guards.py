"""The last resort and the log throttle of the HTTP edge (bot/http/guards.py)."""

from __future__ import annotations

import logging

import httpx
import pytest

from bot.http.guards import Throttle
from bot.http.server import create_server
from bot.runtime import Runtime
from bot.settings import Settings
from tests.bot.live_server import LiveServer


def test_an_exception_no_handler_expected_is_one_line_and_a_short_500(
    bot_settings: Settings, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    server = create_server(bot_settings, runtime)

    async def broken() -> None:
        raise RuntimeError("SECRET-7731: a question the route was holding")

    server.add_api_route("/broken", broken, methods=["POST"])
    live = LiveServer(server).start()
    try:
        with caplog.at_level(logging.INFO):
            response = httpx.post(
                f"{live.url}/broken", content=b"SECRET-7731", headers={"Accept-Language": "en"}
            )
    finally:
        live.stop()
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal_error",
        "message": "Internal server error. Please try again later.",
        "details": {},
    }
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in failures] == ["POST /broken failed: RuntimeError"]
    assert all(r.exc_info is None for r in caplog.records), "no traceback reaches the log"
    assert "SECRET-7731" not in caplog.text and "SECRET-7731" not in response.text


def _record(message: str = "rejected Slack request from %s: %s") -> logging.LogRecord:
    return logging.LogRecord(
        "bot.http.server", logging.WARNING, __file__, 1, message, ("127.0.0.1", "why"), None
    )


def test_the_throttle_keeps_so_many_lines_a_minute_then_says_how_many_it_dropped() -> None:
    now = [0.0]
    throttle = Throttle(per_minute=20, clock=lambda: now[0])
    kept = [throttle.filter(_record()) for _ in range(25)]
    assert kept.count(True) == 20 and kept[20:] == [False] * 5
    assert throttle.filter(_record("another message %s %s"))  # counted per message
    now[0] = 61.0
    first = _record()
    assert throttle.filter(first)
    assert (
        first.getMessage()
        == "rejected Slack request from 127.0.0.1: why [5 similar lines dropped the minute before]"
    )
