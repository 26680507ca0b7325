"""The modals an advisor opens from a triage card: Assign (to one of the advisors) and Reply (to the requester)."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.slack.blocks import ids
from bot.slack.blocks.case_modal import DETAILS_MAX
from bot.slack.blocks.modal import input_block, plain, static_select
from cases.enums import Status
from cases.i18n import label

# Slack's limit on a static_select's options; the secretariat has far fewer advisors.
MAX_OPTIONS = 100
# After a reply the case may stay where it is, wait for the requester, or count as answered.
UNCHANGED = "-"  # an option's value may not be empty
THEN_STATUSES = (UNCHANGED, Status.WAITING_FOR_REQUESTER.value, Status.ANSWERED.value)


def _modal(
    callback_id: str, title: str, target: ids.CardRef, locale: str, blocks: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": target.encode(),
        "title": plain(title[:24]),
        "submit": plain(t("case.modal_submit", locale)),
        "close": plain(t("case.modal_cancel", locale)),
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": t("case.work_intro", locale, ref=target.ref)},
            },
            *blocks,
        ],
    }


def assign_modal(
    locale: str, *, target: ids.CardRef, advisors: list[tuple[str, str]], current: str | None
) -> dict[str, Any]:
    """`advisors`: (user id, display name) of everyone who may be assigned the case."""
    options = [{"text": plain(name or user), "value": user} for user, name in advisors[:MAX_OPTIONS]]
    chosen = next((o for o in options if o["value"] == current), None)
    block = input_block(ids.CASE_ASSIGNEE, t("case.assignee", locale), static_select(options, chosen))
    return _modal(ids.CASE_ASSIGN_MODAL, t("case.assign", locale), target, locale, [block])


def reply_modal(locale: str, *, target: ids.CardRef) -> dict[str, Any]:
    options = [
        {
            "text": plain(t("case.then_unchanged", locale) if s == UNCHANGED else label("status", s, locale)),
            "value": s,
        }
        for s in THEN_STATUSES
    ]
    text = {"type": "plain_text_input", "multiline": True, "max_length": DETAILS_MAX}
    then = static_select(options, options[THEN_STATUSES.index(Status.ANSWERED.value)])
    blocks = [
        input_block(
            ids.CASE_REPLY_TEXT, t("case.reply_text", locale), text, hint=t("case.reply_hint", locale)
        ),
        input_block(ids.CASE_THEN_STATUS, t("case.then_status", locale), then),
    ]
    return _modal(ids.CASE_REPLY_MODAL, t("case.reply", locale), target, locale, blocks)
