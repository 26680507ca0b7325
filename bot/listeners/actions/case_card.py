from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import replies, triage
from bot.runtime import Runtime
from bot.views import ids
from cases.db import session_scope
from cases.errors import CaseError
from cases.i18n import error_message
from cases.services import lifecycle


def case_card(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """Claim / Close on a triage card: the change made as the clicking advisor, then the card redrawn.

    Refusals (not an advisor, already claimed by someone else, closed meanwhile) are told to the
    clicker alone, in their language.
    """
    ack()
    user = body["user"]["id"]
    ref = str(action["value"])
    try:
        with session_scope(runtime.session_factory) as session:
            if action["action_id"] == ids.CASE_CLAIM:
                lifecycle.claim_case(session, ref=ref, advisor_id=user)
            else:
                lifecycle.close_case(session, ref=ref, actor_id=user)
    except CaseError as exc:
        if body.get("response_url"):
            replies.respond(body["response_url"], text=error_message(exc, runtime.locales.get(client, user)))
        return
    channel = (body.get("channel") or {}).get("id")
    ts = (body.get("message") or {}).get("ts")
    clicked = (str(channel), str(ts)) if channel and ts else None
    triage.refresh_cards(client, runtime, ref=ref, clicked=clicked)
