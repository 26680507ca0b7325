"""Undo under a document added from Slack: the add taken back, the message updated."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.flows.indexing import UndoClick, undo_upload
from bot.runtime import Runtime


def index_undo(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """Undo under a document added from Slack: the add taken back, the message updated (indexers only)."""
    ack()
    message = body.get("message") or {}
    click = UndoClick(
        user=body["user"]["id"],
        value=str(action["value"]),
        channel=str((body.get("channel") or {}).get("id", "")),
        ts=str(message.get("ts", "")),
        thread_ts=message.get("thread_ts"),
        blocks=list(message.get("blocks") or []),
        response_url=body.get("response_url"),
    )
    undo_upload(runtime, client, click)
