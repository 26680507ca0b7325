"""Requests nobody authenticated, against a real `ses serve`: every body has a limit before it is read
whole, Slack's signature is checked before anything parses a body, and no such request gets a 500,
a traceback, or a refusal that echoes what it sent — nor a log line each, when they come in floods."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from bot.http.ask import ASK_BODY
from bot.http.guards import SLACK_BODY
from tests.hardening.edge import assert_no_traceback, chunked, exchange, head, log_of, start_server
from tests.hardening.serve_process import ServeProcess

SHORT = 300  # bytes: a refusal says what went wrong, nothing more
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def fake() -> Iterator[fs.FakeSlack]:
    slack = fs.FakeSlack().start()
    yield slack
    slack.stop()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, small_index: Path, fake: fs.FakeSlack
) -> Iterator[ServeProcess]:
    process = start_server(tmp_path_factory.mktemp("edge-limits"), small_index, fake)
    yield process
    process.stop()


def _filler(total: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    for _ in range(total // piece):
        yield b"a" * piece


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/slack/events", "application/json"),
        ("/slack/events", "application/x-www-form-urlencoded"),
        ("/api/v1/ask", "application/json"),
        ("/api/v1/cases", "application/json"),
        ("/console/login", "application/x-www-form-urlencoded"),
        ("/no/such/route", "application/json"),
    ],
)
def test_a_body_announced_over_the_routes_limit_is_refused_before_it_is_sent(
    server: ServeProcess, path: str, content_type: str
) -> None:
    announced = 20 * MIB
    raw = exchange(
        server.port,
        head("POST", path, server.port, Content_Type=content_type, Content_Length=str(announced)),
        _filler(announced),
    )
    assert raw.status == 413, (raw.status, raw.body[:200])
    assert raw.sent < announced, "the server waited for the whole body"
    assert len(raw.body) < SHORT and b"aaaa" not in raw.body
    assert_no_traceback(server)


@pytest.mark.parametrize(
    "start",
    ["GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ", "GET /healthz?padding="],
    ids=["header", "url"],
)
def test_a_request_head_is_capped_before_it_is_read_whole(server: ServeProcess, start: str) -> None:
    """uvicorn's httptools parser keeps a head's bytes until it ends: 20 MB of header are refused early."""
    sent = 20 * MIB
    raw = exchange(server.port, start, _filler(sent))
    assert raw.status == 431 and raw.sent < sent, (raw.status, raw.sent)
    assert len(raw.body) < SHORT and b"aaaa" not in raw.body
    assert_no_traceback(server)


@pytest.mark.parametrize(("path", "limit"), [("/slack/events", SLACK_BODY), ("/api/v1/ask", ASK_BODY)])
def test_a_chunked_body_is_counted_as_it_streams_and_refused_past_the_limit(
    server: ServeProcess, path: str, limit: int
) -> None:
    streamed = 16 * MIB
    raw = exchange(
        server.port,
        head("POST", path, server.port, Content_Type="application/json", Transfer_Encoding="chunked"),
        chunked(streamed),
    )
    assert raw.status == 413, (raw.status, raw.body[:200])
    assert limit < raw.sent + 64 * 1024 < streamed, "refused once past the limit, before the end"
    assert len(raw.body) < SHORT and b"aaaa" not in raw.body
    assert_no_traceback(server)


def test_a_two_megabyte_question_gets_a_short_refusal_that_echoes_nothing(server: ServeProcess) -> None:
    huge = httpx.post(f"{server.url}/api/v1/ask", json={"question": "Q" * 2 * MIB}, timeout=30)
    assert huge.status_code == 413 and len(huge.content) < SHORT and "QQQQ" not in huge.text
    long = httpx.post(
        f"{server.url}/api/v1/ask",
        json={"question": "Q" * 30_000},
        headers={"Accept-Language": "en"},
        timeout=30,
    )
    assert long.status_code == 422 and len(long.content) < SHORT and "QQQQ" not in long.text
    refused = long.json()
    assert refused["error"] == "too_long"
    assert refused["message"] == "The field “question” is over 2000 characters."
    assert refused["details"]["errors"][0]["loc"] == ["body", "question"]  # where, never what
    context = httpx.post(
        f"{server.url}/api/v1/ask", json={"question": "Cadeaux ?", "context": "C" * 5000}, timeout=30
    )
    assert context.status_code == 422 and "CCCC" not in context.text
    assert context.json()["message"] == "Le champ « context » dépasse 1000 caractères."
    assert_no_traceback(server)


def test_json_nested_deeply_is_400_and_never_a_recursion_error(server: ServeProcess) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    for path in ("/api/v1/ask", "/api/v1/cases"):
        response = httpx.post(
            f"{server.url}{path}", content=deep, headers={"Content-Type": "application/json"}, timeout=30
        )
        assert response.status_code == 400, (path, response.status_code, response.text[:200])
        assert len(response.content) < SHORT and "[[[[" not in response.text
    event = '{"type": "event_callback", "event": ' + "[" * 10_000 + "]" * 10_000 + "}"
    unsigned = httpx.post(
        f"{server.url}/slack/events", content=event, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert unsigned.status_code == 401
    for content_type, body in [
        ("application/json", event),
        ("application/x-www-form-urlencoded", f"payload={deep}"),
    ]:
        signed = httpx.post(
            f"{server.url}/slack/events",
            content=body,
            headers={"Content-Type": content_type, **fs.sign(body)},
            timeout=30,
        )
        assert signed.status_code == 400 and len(signed.content) < SHORT
    assert_no_traceback(server)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": "abc"},
        {"X-Slack-Request-Timestamp": "1700000000.5"},
        {"X-Slack-Request-Timestamp": "-1"},
        {"X-Slack-Request-Timestamp": "9" * 5000},
        {"X-Slack-Request-Timestamp": "{now}", "X-Slack-Signature": "v0=" + "é" * 64},  # fresh: compared
    ],
    ids=["missing", "not-a-number", "fraction", "negative", "huge", "non-ascii-signature"],
)
def test_a_missing_or_malformed_timestamp_or_signature_is_401_never_500(
    server: ServeProcess, headers: dict[str, str]
) -> None:
    body = json.dumps(fs.event_body(fs.mention("Puis-je accepter un cadeau ?")))
    now = str(int(time.time()))
    lines = [f"{name}: {value.replace('{now}', now)}" for name, value in headers.items()]
    request = head(
        "POST", "/slack/events", server.port, Content_Type="application/json", Content_Length=str(len(body))
    )
    request = request[:-2] + "".join(line + "\r\n" for line in lines) + "\r\n"
    raw = exchange(server.port, request, [body.encode()])
    assert raw.status == 401, (raw.status, raw.body)
    assert len(raw.body) < SHORT and b"cadeau" not in raw.body
    assert_no_traceback(server)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_for(server: ServeProcess, body: bytes, times: int = 60) -> float:
    assert server.process is not None
    headers = {"Content-Type": "application/json", **fs.sign(body.decode(), secret="not-the-secret")}
    before = _cpu_seconds(server.process.pid)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for _ in range(times):
            assert client.post("/slack/events", content=body, headers=headers).status_code == 401
    return _cpu_seconds(server.process.pid) - before


def test_an_unsigned_body_is_refused_before_anything_parses_it(server: ServeProcess) -> None:
    """The signature is checked on the raw bytes first: an unsigned body that takes long to parse
    (tens of thousands of small objects) costs the server no more CPU than one of the same size
    that parses at once (a single string) — parsing first would cost it ~15 ms more each."""
    quick = json.dumps({"type": "event_callback", "text": "a" * 1_000_000}).encode()
    slow = json.dumps({"type": "event_callback", "event": [{"a": [1, 2], "b": None}] * 38_000}).encode()
    assert abs(len(quick) - len(slow)) < 50_000 and len(slow) < SLACK_BODY
    cost = {"quick": _cpu_for(server, quick), "slow": _cpu_for(server, slow)}
    assert cost["slow"] < 2 * cost["quick"] + 0.25, cost
    assert_no_traceback(server)


def test_a_flood_of_refused_requests_leaves_a_bounded_number_of_log_lines(server: ServeProcess) -> None:
    before = log_of(server).count("rejected Slack request")
    body = json.dumps(fs.event_body(fs.mention("Puis-je accepter un cadeau ?")))
    headers = {"Content-Type": "application/json", **fs.sign(body, secret="not-the-secret")}
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for _ in range(300):
            assert client.post("/slack/events", content=body, headers=headers).status_code == 401
    logged = log_of(server).count("rejected Slack request") - before
    # at most 20 a minute per message (two minutes at worst; fewer if earlier tests used this minute's)
    assert logged <= 45, logged
    assert before + logged >= 1, "refusals are logged"
    assert_no_traceback(server)
