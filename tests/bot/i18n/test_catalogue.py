from __future__ import annotations

import string

import pytest

from bot.i18n import locale_of, t
from bot.i18n.catalogue import CATALOGUE


def test_every_string_exists_in_french_and_english_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, entry in CATALOGUE.items():
        assert set(entry) == {"fr", "en"}, key
        names = [{f for _, f, _, _ in fields.parse(entry[lang]) if f} for lang in ("fr", "en")]
        assert names[0] == names[1], key


def test_french_is_the_default_and_english_follows_any_english_locale() -> None:
    assert [locale_of(x) for x in (None, "", "fr-CA", "es-ES", "en-US", "en-GB", "EN")] == [
        "fr",
        "fr",
        "fr",
        "fr",
        "en",
        "en",
        "en",
    ]
    assert t("button.ask_advisor") == "Demander à un conseiller"
    assert t("button.ask_advisor", "en-US") == "Ask an advisor"


def test_an_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("no.such.key", "fr")
