"""The answer message: text, one context block per citation, a warning when nothing answers, buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.i18n import t
from bot.slack.blocks import ids
from bot.slack.blocks.text import escape, shorten, split_text
from knowledge.quoting import mark_numbers

if TYPE_CHECKING:
    from knowledge import Answer, Citation

__all__ = ["answer_blocks", "answer_fallback", "feedback_recorded", "notice_blocks"]

QUOTE_LIMIT = 600
FALLBACK_LIMIT = 300


def answer_blocks(
    answer: Answer,
    locale: str,
    *,
    ref: ids.AnswerRef,
    post_to_channel: bool = False,
    with_buttons: bool = True,
    asked_by: str | None = None,
    can_index: bool = False,
) -> list[Block]:
    """Blocks for one answer; strings of the bot in `locale`, the answer itself in its own language.

    `asked_by` (a user id) heads an answer posted to a channel from `/ses`, so readers know what
    was asked; `post_to_channel` adds the button that does that posting. An answer naming a text the
    index lacks says so; `can_index` (the asker holds the indexer role) adds how to index it.
    """
    blocks: list[Block] = []
    if asked_by is not None:
        heading = t("posted.by", locale, user=asked_by, question=escape(shorten(answer.question, 500)))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=heading)]))
    if answer.refused:
        blocks.append(_context(t("answer.refused", locale)))
    text = mark_numbers(escape(answer.text), lambda number: f"*{number}*")
    blocks.extend(SectionBlock(text=MarkdownTextObject(text=part)) for part in split_text(text))
    if answer.reason == "not_held" and answer.named_text:
        named = escape(shorten(answer.named_text, 200))
        blocks.append(_context(t("answer.not_held", locale, named=named)))
        if can_index:
            blocks.append(_context(t("answer.not_held_add", locale, named=named)))
    elif answer.abstained and not answer.refused:
        blocks.append(_context(t("answer.abstained", locale)))
    if answer.citations and not answer.refused:
        blocks.append(DividerBlock())
        blocks.extend(_citation(citation, locale, answer.text) for citation in answer.citations)
    if with_buttons:
        blocks.append(_buttons(locale, ref, post_to_channel=post_to_channel))
    return blocks


def answer_fallback(answer: Answer) -> str:
    """The notification text Slack shows where blocks cannot be rendered."""
    return shorten(answer.text, FALLBACK_LIMIT)


def notice_blocks(text: str) -> list[Block]:
    """A message of our own (busy, error, help): one or more sections of mrkdwn."""
    return [SectionBlock(text=MarkdownTextObject(text=part)) for part in split_text(text)]


def feedback_recorded(
    blocks: Sequence[dict[str, Any]], *, helpful: bool, locale: str
) -> list[dict[str, Any]]:
    """The answer's blocks after a 👍/👎: the feedback buttons give way to a thank-you line.

    Works on the message as Slack sends it back (plain dicts), keeping every other block as is.
    """
    thanks = t("feedback.thanks_helpful" if helpful else "feedback.thanks_unhelpful", locale)
    out: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") != ids.ANSWER_ACTIONS_BLOCK:
            if block.get("block_id") != ids.FEEDBACK_DONE_BLOCK:
                out.append(block)
            continue
        kept = [
            element
            for element in block.get("elements", [])
            if element.get("action_id") not in {ids.FEEDBACK_HELPFUL, ids.FEEDBACK_UNHELPFUL}
        ]
        out.append(
            ContextBlock(
                block_id=ids.FEEDBACK_DONE_BLOCK, elements=[MarkdownTextObject(text=thanks)]
            ).to_dict()
        )
        if kept:
            out.append({**block, "elements": kept})
    return out


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _citation(citation: Citation, locale: str, text: str) -> ContextBlock:
    """The provision's title and link; its quote only when the answer's text does not already show it."""
    title = escape(citation.citation)
    head = f"*<{citation.url}|{title}>*" if citation.url else f"*{title}*"
    shown = not citation.quote or citation.quote in text
    quote = "" if shown else escape(shorten(citation.quote, QUOTE_LIMIT))
    text = f"{head}\n> {quote}" if quote else head
    if citation.url:
        text += f"\n<{citation.url}|{t('answer.read', locale)}>"
    return _context(text)


def _buttons(locale: str, ref: ids.AnswerRef, *, post_to_channel: bool) -> ActionsBlock:
    value = ref.encode()
    elements: list[ButtonElement] = []
    if value is not None:
        elements += [
            _button(t("button.helpful", locale), ids.FEEDBACK_HELPFUL, value),
            _button(t("button.unhelpful", locale), ids.FEEDBACK_UNHELPFUL, value),
        ]
    elements.append(_button(t("button.ask_advisor", locale), ids.ASK_ADVISOR, value or "{}"))
    if post_to_channel and value is not None:
        elements.append(
            _button(t("button.post_to_channel", locale), ids.POST_TO_CHANNEL, value, style="primary")
        )
    return ActionsBlock(block_id=ids.ANSWER_ACTIONS_BLOCK, elements=elements)


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=text, emoji=True), action_id=action_id, value=value, style=style
    )
