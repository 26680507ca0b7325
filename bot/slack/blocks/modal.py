"""Pieces shared by the modals: a plain_text object and reading a submitted input back."""

from __future__ import annotations

from typing import Any

# Slack's limit for most plain_text objects in a modal (titles are shorter: 24).
PLAIN_LIMIT = 150


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:PLAIN_LIMIT], "emoji": True}


def input_value(view: dict[str, Any], block: str) -> str:
    """What was typed or chosen in the input `block` (its action id is the same) of a submitted modal."""
    element = (((view.get("state") or {}).get("values") or {}).get(block) or {}).get(block) or {}
    if element.get("selected_option"):
        return str(element["selected_option"].get("value") or "")
    return str(element.get("value") or "")
