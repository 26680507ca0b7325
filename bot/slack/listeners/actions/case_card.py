"""The triage card's buttons: Claim and Close act at once; Assign and Reply open a modal
(bot/slack/listeners/views/case_work.py submits it)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.flows import triage
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks import ids
from bot.slack.blocks.case_work import assign_modal, reply_modal
from cases.errors import CaseError
from cases.i18n import error_message
from cases.services import lifecycle, people
from cases.services.lifecycle import Act

logger = logging.getLogger(__name__)


def _clicked(body: dict[str, Any]) -> tuple[str, str] | None:
    """The card the button was on: (channel, ts)."""
    channel = (body.get("channel") or {}).get("id")
    ts = (body.get("message") or {}).get("ts")
    return (str(channel), str(ts)) if channel and ts else None


def _refuse(body: dict[str, Any], client: WebClient, runtime: Runtime, exc: CaseError) -> None:
    """A refusal (not an advisor, claimed by someone else, closed meanwhile), told to the clicker alone."""
    if body.get("response_url"):
        locale = runtime.locales.get(client, body["user"]["id"])
        replies.respond(body["response_url"], text=error_message(exc, locale))


def case_card(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """Claim / Close: the change made as the clicking advisor, then the card redrawn."""
    ack()
    user = body["user"]["id"]
    ref = str(action["value"])
    try:
        with runtime.db.session() as session:
            people.ensure_person(session, user_id=user)  # first contact: refused as a person, not unknown
            if action["action_id"] == ids.CASE_CLAIM:
                lifecycle.claim_case(session, Act(ref=ref, actor_id=user))
            else:
                lifecycle.close_case(session, Act(ref=ref, actor_id=user))
    except CaseError as exc:
        _refuse(body, client, runtime, exc)
        return
    triage.refresh_cards(client, runtime, ref=ref, clicked=_clicked(body))


def case_work(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """Assign / Reply: the modal, in the clicker's language, for advisors who may work on the case."""
    ack()
    user = body["user"]["id"]
    assigning = action["action_id"] == ids.CASE_ASSIGN
    try:
        with runtime.db.session() as session:
            people.ensure_person(session, user_id=user)
            case = lifecycle.workable_case(
                session,
                Act(ref=str(action["value"]), actor_id=user),
                action="assign" if assigning else "reply",
            )
            place = _clicked(body)
            target = ids.CardRef(
                ref=case.ref,
                version=case.version,
                channel=place[0] if place else None,
                ts=place[1] if place else None,
            )
            advisors = [(p.user_id, p.label) for p in people.assignees(session, case=case)]
            assignee = case.assignee_id
    except CaseError as exc:
        _refuse(body, client, runtime, exc)
        return
    locale = runtime.locales.get(client, user)
    if assigning:
        view = assign_modal(locale, target=target, advisors=advisors, current=assignee)
    else:
        view = reply_modal(locale, target=target)
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as exc:
        logger.warning("Slack views.open failed: %s", exc.response.get("error", "unknown_error"))
