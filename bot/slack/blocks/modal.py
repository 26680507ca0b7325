"""Pieces shared by the modals: a plain_text object, input blocks, and reading a submitted input back."""

from __future__ import annotations

from typing import Any

# Slack's limit for most plain_text objects in a modal (titles are shorter: 24).
PLAIN_LIMIT = 150


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:PLAIN_LIMIT], "emoji": True}


def input_block(
    block_id: str, label: str, element: dict[str, Any], *, hint: str | None = None
) -> dict[str, Any]:
    """An input block whose element answers to the block's own id (what `input_value` reads back)."""
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label)}
    if hint is not None:
        block["hint"] = plain(hint)
    block["element"] = {**element, "action_id": block_id}
    return block


def static_select(options: list[dict[str, Any]], initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """A menu of `options`, `initial` chosen beforehand (if given)."""
    element: dict[str, Any] = {"type": "static_select", "options": options}
    if initial is not None:
        element["initial_option"] = initial
    return element


def input_value(view: dict[str, Any], block: str) -> str:
    """What was typed or chosen in the input `block` (its action id is the same) of a submitted modal."""
    element = (((view.get("state") or {}).get("values") or {}).get(block) or {}).get(block) or {}
    if element.get("selected_option"):
        return str(element["selected_option"].get("value") or "")
    return str(element.get("value") or "")
