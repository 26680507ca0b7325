"""The confidential modal submitted: a sealed case; its text goes nowhere in Slack."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.i18n import locale_of, t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks import ids
from bot.slack.blocks.case_modal import FIELD_BLOCKS, submitted_case
from cases.errors import CaseError, VaultUnavailable
from cases.i18n import error_message
from cases.services import people
from cases.services.confidential import open_confidential_request

logger = logging.getLogger(__name__)


def confidential_intake(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, runtime: Runtime
) -> None:
    """The confidential modal submitted: a sealed case; its text goes nowhere in Slack.

    The requester gets a DM with the reference; each confidential advisor a content-free DM
    ("a confidential request is waiting" + the console link). Nothing of it is logged.
    """
    user = body["user"]["id"]
    locale = runtime.locales.get(client, user)
    try:
        with runtime.db.session() as session:
            people.ensure_person(session, user_id=user, locale=locale_of(locale))
            receipt = open_confidential_request(
                session,
                submitted_case(view, user=user, locale=locale),
                sla=runtime.settings.sla_policy(),
            )
    except VaultUnavailable:
        ack(response_action="errors", errors={ids.CASE_SUBJECT: t("confidential.unavailable", locale)[:150]})
        return
    except CaseError as exc:
        block = FIELD_BLOCKS.get(str(exc.params.get("field", "")), ids.CASE_SUBJECT)
        ack(response_action="errors", errors={block: error_message(exc, locale)[:150]})
        return
    ack()
    logger.info("confidential request opened from Slack")
    replies.send_dm(
        client,
        runtime.pacer,
        user=user,
        blocks=[],
        text=t("confidential.opened_dm", receipt.locale, ref=receipt.ref),
    )
    url = runtime.settings.public_url.rstrip("/") + "/console"
    for advisor in receipt.notify_user_ids:
        advisor_locale = runtime.locales.get(client, advisor)
        replies.send_dm(
            client,
            runtime.pacer,
            user=advisor,
            blocks=[],
            text=t("confidential.waiting_dm", advisor_locale, url=url),
        )
