"""Documents staff send to the bot — a file in a DM, or `/ses index <link>` — added to the index.

Only people with the indexer role get past the first step; anyone else is told so politely and
nothing is downloaded. The rest runs on the runtime's indexing thread, one upload after the other:
`files.info`, the type and size checked before downloading (the size again while streaming), the
file saved in a folder of its own under SES_DATA_DIR/uploads, then `indexer.manage.add_documents` —
the very call of `ses index add` — whose progress edits one status message in the DM thread. The
result names what was added and carries an Undo button. Whatever fails, the user reads why in their
language, the upload folder is removed, and the live index is as it was (add_documents changes
nothing on error). A running server's advisors pick the new version up by themselves.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.i18n import t
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack import replies
from bot.slack.blocks.answer import notice_blocks
from bot.slack.blocks.indexing import added_blocks, added_fallback, undone_blocks
from bot.slack.files import SlackFileError, download, file_id_from, file_info
from bot.slack.requests import Upload
from cases import policy
from cases.services.people import find_person
from indexer import manage
from indexer.documents import ParseError
from indexer.intake import IntakeConfig
from indexer.lock import BuildInProgress
from indexer.parsers import EXTENSIONS
from knowledge.embedding_cache import Progress
from knowledge.errors import KnowledgeError

__all__ = ["UndoClick", "error_text", "index_file", "may_index", "start_upload", "undo_upload"]

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5.0  # seconds between two edits of the status message within one stage

_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
# What a refused file or a busy index raises: told to the user, not logged as a failure.
_REFUSALS = (SlackFileError, ParseError, BuildInProgress, KnowledgeError)


def may_index(runtime: Runtime, user: str) -> bool:
    """Whether `user` holds the indexer role (read from the database each time: a revoke is immediate)."""

    with runtime.db.session() as session:
        person = find_person(session, user_id=user)
        return person is not None and policy.can_index(person.role_names)


def index_file(
    client: WebClient, runtime: Runtime, *, user: str, link: str, response_url: str | None
) -> None:
    """`/ses index <file link>`: a file already shared in Slack, added like one sent by DM; the link
    is Slack's permalink to the file (…/files/U…/F…/name.pdf) or its bare `F…` id."""
    file_id = file_id_from(link)
    if file_id is None:
        if response_url:
            replies.respond(response_url, text=t("index.usage", runtime.locales.get(client, user)))
        return
    start_upload(runtime, client, Upload(user_id=user, file_ids=(file_id,), response_url=response_url))


def start_upload(runtime: Runtime, client: WebClient, upload: Upload) -> None:
    """Refuse, or say the files are received and queue their indexing (never blocks the listener)."""
    locale = runtime.locales.get(client, upload.user_id)
    if not may_index(runtime, upload.user_id):
        logger.info("upload refused: %s has no indexer role", upload.user_id)
        _tell(runtime, client, upload, t("index.refused", locale))
        runtime.claims.mark_answered(upload.event_id)
        return
    if upload.response_url:
        replies.respond(upload.response_url, text=t("index.see_dm", locale))
    status = _Status(runtime, client, upload, locale)
    status.show(t("index.status.queued", locale))
    if not runtime.work.submit_indexing(partial(_index, runtime, client, upload, status)):
        status.show(t("error.generic", locale))
    runtime.claims.mark_answered(upload.event_id)


@dataclass(frozen=True)
class UndoClick:
    """An Undo button pressed: by whom, its value, and the result message it sits on."""

    user: str
    value: str
    channel: str
    ts: str
    thread_ts: str | None  # the DM thread the message is in
    blocks: list[dict[str, Any]]  # the message as it was, put back should the undo fail
    response_url: str | None = None


def undo_upload(runtime: Runtime, client: WebClient, click: UndoClick) -> None:
    """For an indexer, the add is taken back on the indexing thread (the button gives way to
    "undoing…" at once, so it is not pressed twice); anyone else is told privately that only
    indexers may."""
    locale = runtime.locales.get(client, click.user)
    if not may_index(runtime, click.user):
        if click.response_url:
            replies.respond(click.response_url, text=t("index.refused_undo", locale))
        return
    undo = manage.Undo.from_dict(json.loads(click.value))
    text = t("index.undoing", locale)
    replies.update_message(client, channel=click.channel, ts=click.ts, blocks=notice_blocks(text), text=text)
    if not runtime.work.submit_indexing(partial(_undo, runtime, client, undo, click, locale)):
        replies.update_message(client, channel=click.channel, ts=click.ts, blocks=click.blocks, text=text)


def error_text(exc: Exception, locale: str, *, limit_mb: int, names: Sequence[str] = ()) -> str:
    """Why a file was refused (or the index left alone), as the user reads it, with the reassurance
    that nothing changed. `names` are the files as the user sent them: the indexer's message may name
    its own working copy or path instead."""
    if isinstance(exc, BuildInProgress):
        who = str(exc.owner.get("user") or "?")
        text = t(
            "index.error.busy",
            locale,
            who=f"<@{who}>" if _SLACK_ID.match(who) else who,
            at=str(exc.owner.get("started_at") or "?"),
        )
    elif isinstance(exc, SlackFileError):
        values = {"name": "", "error": "", **exc.values, "limit": limit_mb}
        text = t(f"index.error.{exc.code}", locale, **values)
    elif isinstance(exc, ParseError):
        # The indexer may name its working copy ("<upload id>-report.pdf"): show the user's own name.
        name = next((n for n in names if exc.name == n or exc.name.endswith((f"-{n}", f"/{n}"))), exc.name)
        detail = str(exc).removeprefix(f"{exc.name}: ") if exc.name else str(exc)
        text = t(f"index.error.{exc.code}", locale, name=name or "?", limit=limit_mb, detail=detail)
    else:
        text = t("index.error.generic", locale)
    return f"{text}\n{t('index.unchanged', locale)}"


# --- on the indexing thread ------------------------------------------------------------------------


def _intake(settings: Settings) -> IntakeConfig:
    """The CLI's intake checks, with the upload folder as the only place files may come from."""
    return replace(settings.intake_config(), allowed_dirs=(settings.uploads_dir,))


def _index(runtime: Runtime, client: WebClient, upload: Upload, status: _Status) -> None:
    settings, locale = runtime.settings, status.locale
    started = time.perf_counter()
    try:
        report = _download_and_add(runtime, client, upload, status)
    except Exception as exc:
        if isinstance(exc, _REFUSALS):
            logger.info("upload by %s refused: %s", upload.user_id, type(exc).__name__)
        else:
            logger.exception("upload by %s failed", upload.user_id)
        text = error_text(exc, locale, limit_mb=settings.max_upload_mb, names=status.names)
        status.show(f":x: {text}")
        return
    logger.info(
        "upload by %s indexed: version %s, %d documents in %.1f s",
        upload.user_id,
        report.build.version,
        len(report.added),
        time.perf_counter() - started,
    )
    status.show(t("index.status.done", locale, version=report.build.version))
    replies.post_in_thread(
        client,
        runtime.pacer,
        channel=status.channel or "",
        thread_ts=status.thread_ts,
        blocks=added_blocks(
            report.added, locale, version=report.build.version, undo_value=json.dumps(report.undo.to_dict())
        ),
        text=added_fallback(report.added, locale),
    )


def _download_and_add(
    runtime: Runtime, client: WebClient, upload: Upload, status: _Status
) -> manage.AddReport:
    """Each file into a folder of this upload's own, then one add of them all; the folder goes after."""
    settings = runtime.settings
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="slack-", dir=settings.uploads_dir))
    try:
        paths = []
        for file_id in upload.file_ids:
            file = file_info(client, file_id)
            status.names.append(file.name)
            if Path(file.name).suffix.lower() not in EXTENSIONS:  # no need to download what no parser reads
                raise SlackFileError("unsupported", name=file.name)
            status.show(t("index.status.downloading", status.locale, name=file.name))
            token = client.token or ""
            max_bytes = settings.max_upload_mb * 2**20
            paths.append(
                download(file, folder, token=token, api_url=settings.slack_api_url, max_bytes=max_bytes)
            )
        return manage.add_documents(
            settings.indexer_config(), _intake(settings), paths, user=upload.user_id, progress=status.progress
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _undo(runtime: Runtime, client: WebClient, undo: manage.Undo, click: UndoClick, locale: str) -> None:
    try:
        version = manage.undo_add(runtime.settings.indexer_config(), undo, user=click.user)
    except Exception as exc:
        if not isinstance(exc, _REFUSALS):
            logger.exception("undo by %s failed", click.user)
        text = f":x: {error_text(exc, locale, limit_mb=runtime.settings.max_upload_mb)}"
        replies.update_message(client, channel=click.channel, ts=click.ts, blocks=click.blocks, text=text)
        replies.post_in_thread(
            client,
            runtime.pacer,
            channel=click.channel,
            thread_ts=click.thread_ts or click.ts,
            blocks=notice_blocks(text),
            text=text,
        )
        return
    logger.info("upload of version %s undone by %s: version %s live", undo.version, click.user, version)
    blocks = undone_blocks(undo, locale, version=version, user=click.user)
    replies.update_message(
        client, channel=click.channel, ts=click.ts, blocks=blocks, text=t("index.undone_fallback", locale)
    )


def _tell(runtime: Runtime, client: WebClient, upload: Upload, text: str) -> None:
    """A one-off answer where the request came from: the DM thread, or privately under /ses."""
    if upload.channel:
        replies.post_in_thread(
            client, runtime.pacer, channel=upload.channel, thread_ts=upload.thread_ts, blocks=[], text=text
        )
    elif upload.response_url:
        replies.respond(upload.response_url, text=text)


class _Status:
    """One message in the DM thread saying where the upload stands, edited as it moves along; for
    `/ses index` it opens the DM, and its thread receives the result."""

    def __init__(self, runtime: Runtime, client: WebClient, upload: Upload, locale: str) -> None:
        self.runtime, self.client, self.user, self.locale = runtime, client, upload.user_id, locale
        self.channel, self.thread_ts = upload.channel, upload.thread_ts
        self.ts: str | None = None
        self.names: list[str] = []  # the files fetched so far, as named in Slack

    def show(self, text: str) -> None:
        blocks = notice_blocks(text)
        if self.ts is not None and self.channel is not None:
            replies.update_message(self.client, channel=self.channel, ts=self.ts, blocks=blocks, text=text)
        elif self.channel is None:
            sent = replies.send_dm(self.client, self.runtime.pacer, user=self.user, blocks=blocks, text=text)
            if sent is not None:
                self.channel, self.ts = sent
                self.thread_ts = self.ts
        else:
            self.ts = replies.post_in_thread(
                self.client,
                self.runtime.pacer,
                channel=self.channel,
                thread_ts=self.thread_ts,
                blocks=blocks,
                text=text,
            )

    def progress(self, total: int, label: str) -> Progress:
        """The pipeline's progress callback: a stage ("documents", then the encoder's passage and query
        texts) is shown as it starts, then at most every PROGRESS_EVERY seconds, and when it is complete."""
        key = (
            "index.status.reading"
            if label == "documents"
            else "index.status.encoding"
            if "passage" in label
            else "index.status.encoding_questions"
        )
        self.show(t(key, self.locale, done=0, total=total))
        state = {"done": 0, "shown": time.monotonic()}

        def step(n: int) -> None:
            state["done"] += n
            now = time.monotonic()
            if state["done"] >= total or now - state["shown"] >= PROGRESS_EVERY:
                state["shown"] = now
                self.show(t(key, self.locale, done=min(int(state["done"]), total), total=total))

        return step
