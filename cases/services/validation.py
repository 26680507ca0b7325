"""Input checks shared by the services: lengths, control characters, vocabularies."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

from cases.errors import InvalidInput

# C0 controls except tab, newline, carriage return; PostgreSQL refuses NUL in text outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

E = TypeVar("E", bound=StrEnum)


def clean_text(value: object, *, field: str, max_len: int, required: bool = True) -> str:
    """Strip control characters and surrounding blanks; refuse empty (if required) or too long.

    Markup is kept verbatim: it is escaped where it is shown (HTML templates, Slack mrkdwn).
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, "invalid")
    text = _CONTROL.sub("", value).strip()
    if required and not text:
        raise InvalidInput(field, "required")
    if len(text) > max_len:
        raise InvalidInput(field, "too_long", max=max_len, length=len(text))
    return text


def choice(value: object, enum: type[E], *, field: str) -> E:
    try:
        return enum(value if isinstance(value, str) else str(value))
    except ValueError:
        raise InvalidInput(
            field, "unknown", value=str(value)[:40], allowed=[member.value for member in enum]
        ) from None
