"""The engine’s own sentences, in French and English. The answer is always in the question’s language.

Held like every catalogue of the project (bot/i18n, cases/i18n): key first, then "fr" (the default)
and "en", with `str.format` placeholders; tests/test_catalogues.py checks both languages are there.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

MESSAGES: dict[str, dict[str, str]] = tomllib.loads(
    Path(__file__).with_name("messages.toml").read_text(encoding="utf-8")
)


def message(key: str, lang: str, **values: object) -> str:
    """The sentence `key` in `lang` (French for any other language), formatted with `values`."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["fr"]).format(**values)
