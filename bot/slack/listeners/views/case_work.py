"""The Assign and Reply modals of a triage card, submitted.

The change is made as the submitting advisor, against the version of the case they saw when they
clicked: if it moved since, the modal stays open with the conflict under its field. A reply then
reaches the requester by DM (linked, so their answers come back into the case) and every card of
the case is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.flows import deliveries, triage
from bot.runtime import Runtime
from bot.slack.blocks import ids
from bot.slack.blocks.case_work import UNCHANGED
from bot.slack.blocks.modal import input_value
from cases.errors import CaseError
from cases.i18n import error_message
from cases.services import lifecycle
from cases.services.lifecycle import Act
from cases.services.replies import ReplyNotice, reply_to_requester


def _target(view: dict[str, Any]) -> ids.CardRef | None:
    try:
        return ids.CardRef.decode(view.get("private_metadata") or "")
    except (KeyError, TypeError, ValueError):
        return None


Change = Callable[[Session, Act], ReplyNotice | None]


def _submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    runtime: Runtime,
    change: Change,
    error_block: Callable[[CaseError], str],
) -> None:
    """Make the change as the submitting advisor; a refusal is shown under `error_block(exc)`."""
    user = body["user"]["id"]
    target = _target(view)
    if target is None:
        ack()
        return
    try:
        with runtime.db.session() as session:
            notice = change(session, Act(ref=target.ref, actor_id=user, expected_version=target.version))
    except CaseError as exc:
        message = error_message(exc, runtime.locales.get(client, user))[:150]
        ack(response_action="errors", errors={error_block(exc): message})
        return
    ack()
    if notice is not None:
        deliveries.deliver(client, runtime, notice)
    triage.refresh_cards(client, runtime, ref=target.ref, clicked=target.place)


def case_assign(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    def assign(session: Session, act: Act) -> None:
        lifecycle.assign_case(session, act, assignee_id=input_value(view, ids.CASE_ASSIGNEE))

    _submit(ack, body, view, client, runtime, assign, lambda _exc: ids.CASE_ASSIGNEE)


def case_reply(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    then = input_value(view, ids.CASE_THEN_STATUS)

    def reply(session: Session, act: Act) -> ReplyNotice:
        return reply_to_requester(
            session,
            act,
            body=input_value(view, ids.CASE_REPLY_TEXT),
            then_status=None if then in ("", UNCHANGED) else then,
        )

    def field(exc: CaseError) -> str:
        return ids.CASE_THEN_STATUS if exc.params.get("field") == "then_status" else ids.CASE_REPLY_TEXT

    _submit(ack, body, view, client, runtime, reply, field)
