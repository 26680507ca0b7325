"""Every FR/EN catalogue of the project is held one way, and complete.

bot/i18n/catalogue.toml, cases/i18n/{domain,console}.toml and knowledge/messages.toml all map a key
to {"fr": ..., "en": ...} with `str.format` placeholders, looked up by a function of the same shape
(`t(key, locale, **values)`, `message(key, lang, **values)`). Adding a string is one step: an entry
with both languages in the package's catalogue; this test names any entry that lacks one, or whose
two languages do not take the same placeholders (a `{ref}` missing in English would never show).
"""

from __future__ import annotations

from string import Formatter

import pytest

from bot.i18n.catalogue import CATALOGUE as BOT
from cases.i18n.console import CONSOLE
from cases.i18n.domain import DOMAIN
from knowledge.messages import MESSAGES

CATALOGUES = {
    "bot/i18n": BOT,
    "cases/i18n/domain": DOMAIN,
    "cases/i18n/console": CONSOLE,
    "knowledge/messages": MESSAGES,
}
LANGUAGES = {"fr", "en"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_entry_has_french_and_english_with_the_same_placeholders(name: str) -> None:
    catalogue = CATALOGUES[name]
    missing = sorted(
        f"{key}: {sorted(LANGUAGES - set(entry))}"
        for key, entry in catalogue.items()
        if set(entry) != LANGUAGES
    )
    assert missing == [], f"{name}: entries without both languages"
    mismatched = sorted(
        key for key, entry in catalogue.items() if _placeholders(entry["fr"]) != _placeholders(entry["en"])
    )
    assert mismatched == [], f"{name}: French and English take different placeholders"


def test_the_cases_catalogues_share_no_key() -> None:
    """cases.i18n merges domain and console strings into one table: a shared key would hide one."""
    assert sorted(set(DOMAIN) & set(CONSOLE)) == []
