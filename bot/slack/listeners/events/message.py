from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.flows.answering import dispatch
from bot.flows.indexing import start_upload
from bot.flows.triage import DM_KIND
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.requests import question_from_message, upload_from_message
from cases.db import session_scope
from cases.errors import InvalidTransition
from cases.services import lifecycle, threads

logger = logging.getLogger(__name__)


def message(body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> None:
    """Every message event lands here (an unhandled one would answer 404 and make Slack retry);
    a requester's answer in the DM thread of one of their cases goes to that case, and
    `question_from_message` keeps the other DMs and follow-ups in threads the bot answered.
    A file shared with the bot in a DM is a document for the index (bot/indexing.py), not a question.
    """
    if _to_a_case(body, context, client, runtime):
        return
    upload = upload_from_message(body, bot_user_id=context.bot_user_id, claim=runtime.claim_event)
    if upload is not None:
        start_upload(runtime, client, upload)
        return
    question = question_from_message(
        body,
        bot_user_id=context.bot_user_id,
        claim=runtime.claim_event,
        thread_question=runtime.thread_question,
    )
    if question is not None:
        dispatch(runtime, client, question)


def _to_a_case(body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> bool:
    """A reply in the thread of a case's DM to its requester: added to the case's timeline,
    acknowledged in the thread (on a closed case: how to go on). True when the message was a
    case's (handled, or a redelivery)."""
    event = body.get("event") or {}
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return False
    user, channel, ts, thread_ts = (
        event.get("user"),
        event.get("channel"),
        event.get("ts"),
        event.get("thread_ts"),
    )
    if not all(isinstance(v, str) for v in (user, channel, ts, thread_ts, event.get("text") or "")):
        return False  # not the shape Slack sends: not a case's reply
    text = (event.get("text") or "").strip()
    if not user or user == context.bot_user_id or not channel or not thread_ts or thread_ts == ts or not text:
        return False
    with session_scope(runtime.session_factory) as session:
        case = threads.case_for_thread(session, channel=channel, ts=thread_ts)
        linked = case is not None and any(
            (p.channel, p.ts) == (channel, thread_ts)
            for p in threads.threads_of(session, ref=case.ref, kind=DM_KIND)
        )
        if case is None or not linked or case.requester_id != user:
            return False
        ref, locale = case.ref, case.lang
    event_id = body.get("event_id")
    if event_id and not runtime.claim_event(str(event_id)):
        return True
    try:
        with session_scope(runtime.session_factory) as session:
            lifecycle.add_requester_message(session, ref=ref, author_id=user, body=text)
        answer = t("case.requester_message_ack", locale, ref=ref)
    except InvalidTransition:
        answer = t("case.closed_thread", locale, ref=ref)
    except Exception as exc:
        logger.error("requester message on %s not added: %s", ref, type(exc).__name__)
        answer = t("error.generic", locale)
    runtime.mark_answered(str(event_id) if event_id else None)
    replies.post_in_thread(
        client, runtime.pacer, channel=channel, thread_ts=thread_ts, blocks=[], text=answer
    )
    return True
