"""A file shared with the bot whose download Slack's host redirects to another host — this machine's
own server, as in the issue — against a real `ses serve`: the redirect is refused before it is
followed, the other host is never asked (nor handed the token), the indexer is told, and the live
index is untouched."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from bench import fake_slack as fs
from cases.db import make_engine, make_session_factory, session_scope
from cases.services import people
from indexer import versions
from tests.bot.local_http import Answer, LocalHTTP
from tests.hardening.edge import assert_no_traceback, start_server

INDEXER = "UIDXEDGE1"
DM = "DIDXEDGE1"


class RedirectingSlack(fs.FakeSlack):
    """The fake Slack, whose file host answers some files with a redirect to `redirects[file_id]`."""

    def __init__(self) -> None:
        super().__init__()
        self.redirects: dict[str, str] = {}

    def _serve_file(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        file_id = path.split("/")[-2].rsplit("-", 1)[-1]
        location = self.redirects.get(file_id)
        if location is None:
            super()._serve_file(handler, path)
            return
        with self._cond:
            authorization = handler.headers.get("Authorization", "")
            self.calls.append(fs.Call("file_download", {"file": file_id, "authorization": authorization}))
            self._cond.notify_all()
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()


@pytest.fixture
def slack() -> Iterator[RedirectingSlack]:
    fake = RedirectingSlack()
    fake.start()
    yield fake
    fake.stop()


def test_a_download_redirected_to_another_host_is_refused_and_nothing_is_indexed(
    tmp_path: Path, small_index: Path, slack: RedirectingSlack
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copytree(small_index, data / "index", symlinks=True)  # a build would change it: our own copy
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    server = start_server(tmp_path, small_index, slack)
    engine = make_engine(database_url)
    before = versions.live_version(data / "index")
    openapi = json.dumps({"openapi": "3.1.0", "info": {"title": "ses-advisor"}}).encode()
    with LocalHTTP({"/openapi.json": Answer(200, {"Content-Type": "text/plain"}, openapi)}) as own_server:
        try:
            with session_scope(make_session_factory(engine)) as session:
                people.grant_role(session, user_id=INDEXER, role="indexer")
            file_id = slack.add_file("notes.txt", b"Directive sur les cadeaux.")
            slack.redirects[file_id] = f"{own_server.url}/openapi.json"
            event = fs.message("", user=INDEXER, channel=DM, subtype="file_share", files=[{"id": file_id}])
            body = json.dumps(fs.event_body(event))
            headers = {"Content-Type": "application/json", **fs.sign(body)}
            assert (
                httpx.post(
                    f"{server.url}/slack/events", content=body, headers=headers, timeout=10
                ).status_code
                == 200
            )
            told = slack.wait_for(
                "chat.update",
                timeout=60,
                where=lambda c: (
                    "notes.txt" in str(c.params.get("text")) and "télécharger" in str(c.params.get("text"))
                ),
            )
            assert told, server.tail()
            assert own_server.hits == [], "the redirect was followed"
            assert [c.params["authorization"] for c in slack.calls_to("file_download")] == [
                f"Bearer {fs.BOT_TOKEN}"
            ]
            assert versions.live_version(data / "index") == before
            assert not (data / "documents").exists() or not list((data / "documents").iterdir())
            assert_no_traceback(server)
        finally:
            server.stop()
            engine.dispose()
