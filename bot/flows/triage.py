"""Cases in Slack: the requester's DM confirmation and the triage cards, kept in step with the case.

Cards go to `SES_TRIAGE_CHANNEL` (none when unset) and are linked to their case
(`threads.link_thread(kind="triage_card")`) so that every later change updates them in place.
Confidential cases never get a card, and their text never goes through Slack: the requester is told
of a reply with a sign-in link and reads it in the console. A requester's answer in the DM thread of
their case joins the case's timeline (`take_requester_reply`) — except on a confidential case, where
it is not kept and the requester is sent to the console. Slack calls go through bot/slack/replies.py.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.flows.console_link import sign_in_link
from bot.i18n import DEFAULT_LOCALE, t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks.case_card import case_card, case_card_fallback
from bot.slack.requests import ThreadReply
from cases.errors import InvalidTransition
from cases.services import lifecycle, queries, threads
from cases.services.lifecycle import Act
from cases.services.replies import ReplyNotice

__all__ = [
    "DM_KIND",
    "TRIAGE_KIND",
    "case_changed",
    "confirm_to_requester",
    "dm_requester",
    "post_card",
    "refresh_cards",
    "send_reply",
    "take_requester_reply",
]

logger = logging.getLogger(__name__)

TRIAGE_KIND = "triage_card"
DM_KIND = "requester_dm"


def dm_requester(client: WebClient, runtime: Runtime, *, user: str, ref: str, text: str) -> bool:
    """DM the requester about the case and link that message (`requester_dm`), so that their
    answers in its thread come back into the case; False when the DM could not be sent."""
    sent = replies.send_dm(client, runtime.pacer, user=user, blocks=[], text=text)
    if sent is None:
        return False
    channel, ts = sent
    try:
        with runtime.db.session() as session:
            threads.link_thread(session, ref=ref, kind=DM_KIND, channel=channel, ts=ts)
    except Exception as exc:  # the DM is out; only the link back is lost
        logger.warning("DM for %s not linked: %s", ref, type(exc).__name__)
    return True


def confirm_to_requester(client: WebClient, runtime: Runtime, *, user: str, ref: str, locale: str) -> None:
    dm_requester(client, runtime, user=user, ref=ref, text=t("case.opened_dm", locale, ref=ref))


def send_reply(client: WebClient, runtime: Runtime, notice: ReplyNotice) -> bool:
    """A committed advisor reply, by DM to the requester in their language (its text never logged);
    False when Slack did not take it. Called through bot/flows/deliveries.py, which keeps the outbox.
    A confidential reply never travels in Slack: the DM only says that there is one, with a
    single-use sign-in link to the console, where the requester reads it and answers."""
    if notice.confidential:
        minutes, url = sign_in_link(runtime, notice.requester_id)
        text = t("confidential.reply_notice", notice.locale, ref=notice.ref, minutes=minutes, url=url)
    else:
        text = t("case.reply_dm", notice.locale, ref=notice.ref, text=notice.text)
    if not dm_requester(client, runtime, user=notice.requester_id, ref=notice.ref, text=text):
        logger.warning("reply on %s not delivered by DM", notice.ref)
        return False
    return True


def post_card(client: WebClient, runtime: Runtime, *, ref: str) -> None:
    """Post the case's card in the triage channel and link it to the case (nothing when no channel)."""
    channel = runtime.settings.triage_channel
    if not channel:
        return
    with runtime.db.session() as session:
        case = queries.find_case(session, ref=ref)
        if case.confidential:
            return
        blocks, text = case_card(case, DEFAULT_LOCALE), case_card_fallback(case, DEFAULT_LOCALE)
    ts = replies.post_in_thread(
        client, runtime.pacer, channel=channel, thread_ts=None, blocks=blocks, text=text
    )
    if ts is None:
        logger.warning("triage card for %s not posted", ref)
        return
    with runtime.db.session() as session:
        threads.link_thread(session, ref=ref, kind=TRIAGE_KIND, channel=channel, ts=ts)


def refresh_cards(
    client: WebClient, runtime: Runtime, *, ref: str, clicked: tuple[str, str] | None = None
) -> None:
    """Redraw every triage card of the case from its current state (chat.update); `clicked`, the
    card a button was pressed on, is redrawn too even if its link is not committed yet."""
    with runtime.db.session() as session:
        case = queries.find_case(session, ref=ref)
        places = [(p.channel, p.ts) for p in threads.threads_of(session, ref=ref, kind=TRIAGE_KIND)]
        if case.confidential:
            return
        blocks, text = case_card(case, DEFAULT_LOCALE), case_card_fallback(case, DEFAULT_LOCALE)
    if clicked is not None and clicked not in places:
        places.insert(0, clicked)
    for channel, ts in places:
        replies.update_message(client, channel=channel, ts=ts, blocks=blocks, text=text)


def case_changed(client: WebClient, runtime: Runtime, ref: str) -> None:
    """A case changed outside Slack (console, API): its cards redrawn, or its first card posted
    when it has none yet (a case opened from the console)."""
    with runtime.db.session() as session:
        has_card = bool(threads.threads_of(session, ref=ref, kind=TRIAGE_KIND))
    if has_card:
        refresh_cards(client, runtime, ref=ref)
    else:
        post_card(client, runtime, ref=ref)


def take_requester_reply(client: WebClient, runtime: Runtime, reply: ThreadReply) -> bool:
    """A reply in the thread of a case's DM to its requester: added to the case's timeline,
    acknowledged in the thread (on a closed case: how to go on). True when the message was a
    case's (handled, or a redelivery)."""
    with runtime.db.session() as session:
        case = threads.case_for_thread(session, channel=reply.channel, ts=reply.thread_ts)
        linked = case is not None and any(
            (p.channel, p.ts) == (reply.channel, reply.thread_ts)
            for p in threads.threads_of(session, ref=case.ref, kind=DM_KIND)
        )
        if case is None or not linked or case.requester_id != reply.user_id:
            return False
        ref, locale, confidential = case.ref, case.lang, case.confidential
    if reply.event_id and not runtime.claims.claim(reply.event_id):
        return True
    if confidential:  # its text stays in Slack alone: the requester writes in the console
        runtime.claims.mark_answered(reply.event_id)
        replies.post_in_thread(
            client,
            runtime.pacer,
            channel=reply.channel,
            thread_ts=reply.thread_ts,
            blocks=[],
            text=t("confidential.thread_not_kept", locale, ref=ref),
        )
        return True
    try:
        with runtime.db.session() as session:
            lifecycle.add_requester_message(session, Act(ref=ref, actor_id=reply.user_id), body=reply.text)
        answer = t("case.requester_message_ack", locale, ref=ref)
    except InvalidTransition:
        answer = t("case.closed_thread", locale, ref=ref)
    except Exception as exc:
        logger.error("requester message on %s not added: %s", ref, type(exc).__name__)
        answer = t("error.generic", locale)
    runtime.claims.mark_answered(reply.event_id)
    replies.post_in_thread(
        client, runtime.pacer, channel=reply.channel, thread_ts=reply.thread_ts, blocks=[], text=answer
    )
    return True
