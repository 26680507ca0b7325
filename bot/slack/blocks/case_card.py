"""The triage card posted for each new case (Claim, Assign, Reply, Close), updated in place as the case moves."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.slack.blocks import ids
from cases.i18n import label
from cases.models import Case


def case_card(case: Case, locale: str) -> list[dict[str, Any]]:
    assignee = f"<@{case.assignee_id}>" if case.assignee_id else t("case.nobody", locale)
    fields = t(
        "case.card_fields",
        locale,
        requester=case.requester_id,
        category=label("category", case.category, locale),
        priority=label("priority", case.priority, locale),
        status=label("status", case.status, locale),
        assignee=assignee,
    )
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t("case.card_title", locale, ref=case.ref)[:150]},
        },
        {"type": "section", "text": {"type": "plain_text", "text": case.subject[:3000]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": fields}},
    ]
    buttons: list[dict[str, Any]] = []
    if case.status != "closed":
        if case.assignee_id is None:
            buttons.append(_button(ids.CASE_CLAIM, t("case.claim", locale), case.ref, style="primary"))
        buttons.append(_button(ids.CASE_ASSIGN, t("case.assign", locale), case.ref))
        buttons.append(_button(ids.CASE_REPLY, t("case.reply", locale), case.ref))
        buttons.append(_button(ids.CASE_CLOSE, t("case.close", locale), case.ref))
    if buttons:
        blocks.append({"type": "actions", "block_id": ids.CASE_CARD_ACTIONS_BLOCK, "elements": buttons})
    return blocks


def case_card_fallback(case: Case, locale: str) -> str:
    return t("case.card_title", locale, ref=case.ref)


def _button(action_id: str, text: str, ref: str, *, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": ref,
    }
    if style:
        button["style"] = style
    return button
