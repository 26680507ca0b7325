"""The case modal submitted: the case opened, confirmed by DM, its triage card posted."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.flows import triage
from bot.i18n import locale_of
from bot.runtime import Runtime
from bot.slack.blocks import ids
from bot.slack.blocks.case_modal import FIELD_BLOCKS, submitted_case
from cases.errors import CaseError
from cases.i18n import error_message
from cases.services import intake, people

logger = logging.getLogger(__name__)


def case_intake(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """The case modal submitted: open the case, confirm by DM with its reference, post the triage card.

    A field the tracker refuses is shown under that field in the modal (response_action=errors).
    """
    user = body["user"]["id"]
    locale = runtime.locales.get(client, user)
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        metadata = {}
    log_id = metadata.get("i")
    try:
        with runtime.db.session() as session:
            people.ensure_person(session, user_id=user, locale=locale_of(locale))
            case = intake.open_case(
                session,
                submitted_case(
                    view,
                    user=user,
                    locale=locale,
                    question_log_id=int(log_id) if isinstance(log_id, int) else None,
                ),
                sla=runtime.settings.sla_policy(),
            )
            ref = case.ref
    except CaseError as exc:
        field = str(exc.params.get("field", ""))
        block = FIELD_BLOCKS.get(field, ids.CASE_SUBJECT)
        ack(response_action="errors", errors={block: error_message(exc, locale)[:150]})
        return
    ack()
    logger.info("case %s opened from Slack", ref)
    triage.confirm_to_requester(client, runtime, user=user, ref=ref, locale=locale)
    triage.post_card(client, runtime, ref=ref)
