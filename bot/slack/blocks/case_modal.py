"""The case-intake modal: subject, details, category, urgency; pre-filled from a question and its answer."""

from __future__ import annotations

from typing import Any

from bot.i18n import locale_of, t
from bot.slack.blocks import ids
from bot.slack.blocks.modal import input_block, input_value, plain, static_select
from cases.enums import Category, Priority
from cases.i18n import label
from cases.services.intake import NewCase

SUBJECT_MAX = 200
DETAILS_MAX = 3000  # Slack's limit for a plain_text_input's initial value and length


def _options(kind: str, values: list[str], locale: str) -> list[dict[str, Any]]:
    return [{"text": plain(label(kind, v, locale)), "value": v} for v in values]


def case_modal(
    locale: str,
    *,
    subject: str = "",
    details: str = "",
    private_metadata: str = "",
    callback_id: str = ids.CASE_INTAKE,
    title_key: str = "case.modal_title",
) -> dict[str, Any]:
    categories = [c.value for c in Category]
    priorities = [p.value for p in Priority]
    category_options = _options("category", categories, locale)
    priority_options = _options("priority", priorities, locale)
    subject_input: dict[str, Any] = {"type": "plain_text_input", "max_length": SUBJECT_MAX}
    if subject:
        subject_input["initial_value"] = subject[:SUBJECT_MAX]
    details_input: dict[str, Any] = {"type": "plain_text_input", "multiline": True, "max_length": DETAILS_MAX}
    if details:
        details_input["initial_value"] = details[:DETAILS_MAX]
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "title": plain(t(title_key, locale)[:24]),
        "submit": plain(t("case.modal_submit", locale)),
        "close": plain(t("case.modal_cancel", locale)),
        "blocks": [
            input_block(ids.CASE_SUBJECT, t("case.subject", locale), subject_input),
            input_block(ids.CASE_DETAILS, t("case.details", locale), details_input),
            input_block(
                ids.CASE_CATEGORY,
                t("case.category", locale),
                static_select(category_options, category_options[categories.index(Category.OTHER)]),
            ),
            input_block(
                ids.CASE_PRIORITY,
                t("case.priority", locale),
                static_select(priority_options, priority_options[priorities.index(Priority.NORMAL)]),
            ),
        ],
    }


def submitted_values(view: dict[str, Any]) -> dict[str, str]:
    """subject, details, category, priority as the user left them ("" when empty)."""
    return {
        "subject": input_value(view, ids.CASE_SUBJECT),
        "details": input_value(view, ids.CASE_DETAILS),
        "category": input_value(view, ids.CASE_CATEGORY),
        "priority": input_value(view, ids.CASE_PRIORITY),
    }


# The modal block under which a field the tracker refuses is shown (response_action=errors).
FIELD_BLOCKS = {
    "subject": ids.CASE_SUBJECT,
    "body": ids.CASE_DETAILS,
    "category": ids.CASE_CATEGORY,
    "priority": ids.CASE_PRIORITY,
}


def submitted_case(
    view: dict[str, Any], *, user: str, locale: str, question_log_id: int | None = None
) -> NewCase:
    """The case the modal describes, as `user` left it (the tracker checks it)."""
    values = submitted_values(view)
    return NewCase(
        requester_id=user,
        subject=values["subject"],
        body=values["details"],
        category=values["category"] or "other",
        priority=values["priority"] or "normal",
        lang=locale_of(locale),
        question_log_id=question_log_id,
    )
