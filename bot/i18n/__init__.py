"""User-facing strings: one catalogue, French by default, English for users whose Slack locale says so."""

from __future__ import annotations

from bot.i18n.catalogue import CATALOGUE

__all__ = ["DEFAULT_LOCALE", "LOCALES", "locale_of", "t"]

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"


def locale_of(value: str | None) -> str:
    """Our locale for a Slack locale ("en-US", "fr-CA") or an answer language; French when unsure."""
    if value and value.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def t(key: str, locale: str | None = None, **values: object) -> str:
    """The string `key` in `locale`, formatted with `values`.

    An unknown key raises KeyError: a typo must fail the tests, not reach a user as a bare key.
    """
    entry = CATALOGUE[key]
    text = entry[locale_of(locale)]
    return text.format(**values) if values else text
