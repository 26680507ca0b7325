from __future__ import annotations

import string
from enum import StrEnum

import pytest

from cases.enums import Category, EventKind, OfficeKind, Priority, Role, Status
from cases.errors import (
    AlreadyClaimed,
    CaseConflict,
    CaseError,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    LoginRejected,
    NotFound,
)
from cases.i18n import CATALOGUE, error_message, label, normalise_locale, t


def test_every_string_exists_in_both_languages_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, entry in CATALOGUE.items():
        assert set(entry) == {"fr", "en"}, key
        assert fields(entry["fr"]) == fields(entry["en"]), key


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("status", Status),
        ("category", Category),
        ("priority", Priority),
        ("role", Role),
        ("office_kind", OfficeKind),
        ("event", EventKind),
    ],
)
def test_every_vocabulary_value_has_a_label(kind: str, values: type[StrEnum]) -> None:
    for value in values:
        assert f"{kind}.{value.value}" in CATALOGUE


ERRORS: list[CaseError] = [
    NotFound("case", "SES-2026-0001"),
    NotFound("user", "U1"),
    NotFound("question", "4"),
    Forbidden("U1", "claim"),
    CaseConflict("SES-2026-0001", 1, 2),
    AlreadyClaimed("SES-2026-0001", "U2", "Bob"),
    InvalidTransition("SES-2026-0001", "new", "answered"),
    InvalidInput("subject", "required"),
    InvalidInput("body", "too_long", max=10_000, length=10_001),
    InvalidInput("category", "unknown", value="x", allowed=["a", "b"]),
    InvalidInput("user_id", "invalid", value="x"),
    LoginRejected("invalid"),
    LoginRejected("used"),
    LoginRejected("expired"),
]


@pytest.mark.parametrize(
    "error", ERRORS, ids=lambda e: f"{e.code}-{'-'.join(map(str, e.params.values()))[:30]}"
)
@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_domain_error_reads_as_a_sentence(error: CaseError, locale: str) -> None:
    text = error_message(error, locale)
    assert text and "{" not in text and "error." not in text


def test_french_is_the_default_and_regional_variants_fold() -> None:
    assert normalise_locale(None) == "fr" and normalise_locale("de-DE") == "fr"
    assert normalise_locale("en-CA") == "en" and normalise_locale("EN_us") == "en"
    assert t("status.closed", None) == "Fermé"
    assert label("status", "closed", "en") == "Closed"
    assert error_message(AlreadyClaimed("R", "U2", "Bob"), "en") == "Case R is already claimed by Bob."
