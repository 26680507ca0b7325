"""The App Home tab: how to ask, what the corpus holds, the user's recent questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.i18n import t
from bot.i18n.catalogue import EXAMPLES
from bot.slack.blocks import ids
from bot.slack.blocks.text import escape, shorten, split_text
from cases.i18n import label

if TYPE_CHECKING:
    from knowledge import IndexInfo
    from knowledge.store import DocumentInfo

__all__ = ["CaseLine", "IndexListing", "home_view"]

MAX_BLOCKS = 100  # Slack's limit for a Home tab view
RECENT_LIMIT = 200
INDEX_LINES = 60  # documents listed for staff; the rest is one line pointing at `ses index list`


@dataclass(frozen=True)
class CaseLine:
    """One case as the Home tab lists it (a confidential case shows no subject)."""

    ref: str
    subject: str
    status: str
    confidential: bool = False
    mine: bool = False


@dataclass(frozen=True)
class IndexListing:
    """The live index version as staff (indexers, admins) see it on the Home tab."""

    version: str
    built_at: str
    documents: Sequence[DocumentInfo]


def home_view(
    locale: str,
    *,
    bot_user_id: str | None,
    info: IndexInfo | None,
    recent: Sequence[str] = (),
    cases: Sequence[CaseLine] = (),
    queue: Sequence[CaseLine] | None = None,
    confidential_waiting: int = 0,
    index: IndexListing | None = None,
) -> View:
    """`info` is None while the index loads; `recent` holds the user's latest questions, newest first;
    `cases` the user's open cases; `queue` an advisor's open work (None: not an advisor, no section);
    `confidential_waiting` how many confidential requests a confidential advisor could work (a count only);
    `index` the live version's documents, for staff who manage the index (None: no section)."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=t("home.title", locale))),
        SectionBlock(text=MarkdownTextObject(text=t("home.intro", locale))),
        ActionsBlock(
            block_id=ids.HOME_ACTIONS_BLOCK,
            elements=[
                ButtonElement(text=t("home.ask_advisor", locale), action_id=ids.ASK_ADVISOR, value="{}"),
                ButtonElement(text=t("confidential.button", locale), action_id=ids.CONFIDENTIAL_REQUEST),
            ],
        ),
        DividerBlock(),
        _header(t("home.how", locale)),
        SectionBlock(text=MarkdownTextObject(text=t("home.how_body", locale, bot=_bot(bot_user_id)))),
        _header(t("home.examples", locale)),
    ]
    examples = [f"• _{escape(q)}_" for lang in ("fr", "en") for q in EXAMPLES[lang]]
    blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(examples))))
    blocks.append(DividerBlock())
    blocks.append(_header(t("home.cases", locale)))
    blocks.append(_case_lines(cases, locale) if cases else _muted(t("home.cases_none", locale)))
    if queue is not None:
        blocks.append(_header(t("home.queue", locale)))
        blocks.append(_case_lines(queue, locale) if queue else _muted(t("home.queue_none", locale)))
    if confidential_waiting:
        blocks.append(_muted(t("home.confidential_waiting", locale, count=confidential_waiting)))
    blocks.append(DividerBlock())
    blocks.append(_header(t("home.corpus", locale)))
    blocks.extend(_corpus(locale, info))
    if index is not None:
        blocks.append(_header(t("home.index_staff", locale)))
        blocks.extend(_index_section(locale, index))
    blocks.append(DividerBlock())
    blocks.append(_header(t("home.recent", locale)))
    if recent:
        lines = [f"• {escape(shorten(q, RECENT_LIMIT))}" for q in recent]
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
    else:
        blocks.append(_muted(t("home.recent_none", locale)))
    return View(type="home", blocks=blocks[:MAX_BLOCKS])


def _case_lines(cases: Sequence[CaseLine], locale: str) -> SectionBlock:

    lines = []
    for case in cases:
        subject = ":lock:" if case.confidential or not case.subject else escape(shorten(case.subject, 120))
        mine = " :bust_in_silhouette:" if case.mine else ""
        lines.append(f"• *{case.ref}* — {subject} _({label('status', case.status, locale)})_{mine}")
    return SectionBlock(text=MarkdownTextObject(text="\n".join(lines)[:3000]))


def _bot(bot_user_id: str | None) -> str:
    return f"<@{bot_user_id}>" if bot_user_id else "ses"


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=text))


def _muted(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _corpus(locale: str, info: IndexInfo | None) -> list[Block]:
    if info is None:
        return [_muted(t("home.loading", locale))]
    documents = [d for d in info.documents if d.lang == locale] or list(info.documents)
    lines = []
    for document in sorted(documents, key=lambda d: d.title.casefold()):
        key = "home.document" if document.current_to else "home.document_undated"
        lines.append(t(key, locale, title=escape(document.title), current_to=document.current_to))
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=part)) for part in split_text("\n".join(lines))
    ]
    summary = t(
        "home.index",
        locale,
        built_at=str(info.built_at)[:10],
        passages=info.passages,
        documents=len(documents),
    )
    blocks.append(_muted(summary))
    return blocks


def _index_section(locale: str, index: IndexListing) -> list[Block]:
    """Every document of the live version (added ones first), then its id and build time. Long lists
    stop at INDEX_LINES so the tab stays under Slack's 100 blocks."""
    ordered = sorted(index.documents, key=lambda d: (d.origin != "local", d.title.casefold(), d.lang))
    lines = [
        t(
            "home.index_document",
            locale,
            title=escape(shorten(d.title, 150)),
            kind=d.kind or d.source,
            lang=d.lang,
            passages=d.passages,
            added=" :pushpin:" if d.origin == "local" else "",
        )
        for d in ordered[:INDEX_LINES]
    ]
    if len(ordered) > INDEX_LINES:
        lines.append(t("home.index_more", locale, count=len(ordered) - INDEX_LINES))
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=part)) for part in split_text("\n".join(lines))
    ]
    summary = t(
        "home.index_version", locale, version=index.version, built_at=index.built_at, documents=len(ordered)
    )
    blocks.append(_muted(summary))
    return blocks
