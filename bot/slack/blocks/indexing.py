"""Messages of the upload flow: what a document added to the index brought, with its Undo button,
and the same message once undone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.i18n import t
from bot.i18n.catalogue import CATALOGUE
from bot.slack.blocks import ids
from bot.slack.blocks.text import escape, shorten

if TYPE_CHECKING:
    from indexer.manage import AddedDocument, Undo

__all__ = ["added_blocks", "added_fallback", "undone_blocks"]

TITLE_LIMIT = 200


def _word(prefix: str, value: str, fallback: str, locale: str) -> str:
    key = f"{prefix}.{value}"
    return t(key if key in CATALOGUE else f"{prefix}.{fallback}", locale)


def _describe(added: AddedDocument, locale: str) -> str:
    return t(
        "index.replaced" if added.replaced else "index.added",
        locale,
        title=escape(shorten(added.title, TITLE_LIMIT)),
        doc=added.doc,
        lang=added.lang,
        kind=_word("index.kind", added.kind, "document", locale),
        provisions=added.provisions,
        what=_word("index.structure", added.structure, "paragraph", locale),
        passages=added.passages,
    )


def added_blocks(
    added: Sequence[AddedDocument], locale: str, *, version: str, undo_value: str
) -> list[Block]:
    """The result of an add: each document with what was found in it, the new version, Undo."""
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=_describe(document, locale))) for document in added
    ]
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text=t("index.version", locale, version=version))])
    )
    blocks.append(
        ActionsBlock(
            block_id=ids.INDEX_ACTIONS_BLOCK,
            elements=[
                ButtonElement(
                    text=t("index.undo", locale),
                    action_id=ids.INDEX_UNDO,
                    value=undo_value,
                    style="danger",
                )
            ],
        )
    )
    return blocks


def added_fallback(added: Sequence[AddedDocument], locale: str) -> str:
    titles = ", ".join(shorten(a.title, TITLE_LIMIT) for a in added)
    return t("index.added_fallback", locale, titles=titles)


def undone_blocks(undo: Undo, locale: str, *, version: str, user: str) -> list[Block]:
    """The result message once taken back (no button left): which documents, by whom, the live version."""
    documents = ", ".join(f"`{doc}` ({lang})" for doc, lang, _ in undo.documents)
    text = t("index.undone", locale, documents=documents, user=user, version=version)
    return [SectionBlock(text=MarkdownTextObject(text=text))]
