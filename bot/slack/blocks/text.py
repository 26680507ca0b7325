"""Text helpers for Block Kit: mrkdwn escaping and Slack's 3,000-character section limit."""

from __future__ import annotations

import re

SECTION_LIMIT = 3000


def escape(text: str) -> str:
    """Slack's three control characters; the rest of mrkdwn is left alone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, then line, then sentence, then word.

    Whole paragraphs stay together when they fit, so that a quoted article is not broken
    mid-sentence unless it is itself longer than one section.
    """
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for pattern in (r"\n\s*\n", r"\n", r"(?<=[.!?;:»”])\s", r"\s"):
            matches = [m.start() for m in re.finditer(pattern, window) if 0 < m.start() <= limit]
            if matches:
                cut = matches[-1]
                break
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"
