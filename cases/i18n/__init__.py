"""Localized strings of the tracker and its console: French by default, English.

`t(key, locale, **values)` looks a key up; `error_message(exc, locale)` turns a domain error into
a sentence for a person; `label(kind, value, locale)` names a status, category, priority, role….
A missing key is a bug: it raises KeyError in tests rather than showing the key to a user.
"""

from __future__ import annotations

from typing import Any

from cases.errors import CaseError
from cases.i18n.console import CONSOLE
from cases.i18n.domain import DOMAIN

DEFAULT_LOCALE = "fr"
LOCALES = ("fr", "en")
CATALOGUE: dict[str, dict[str, str]] = {**DOMAIN, **CONSOLE}

__all__ = [
    "CATALOGUE",
    "DEFAULT_LOCALE",
    "LOCALES",
    "accept_language",
    "error_message",
    "label",
    "normalise_locale",
    "t",
]


def normalise_locale(value: str | None) -> str:
    """'en-US', 'EN', 'en_CA' → 'en'; anything unknown → French."""
    if not value:
        return DEFAULT_LOCALE
    short = value.replace("_", "-").split("-")[0].lower()
    return short if short in LOCALES else DEFAULT_LOCALE


def accept_language(header: str | None, *, default: str = DEFAULT_LOCALE) -> str:
    """Our locale for an HTTP Accept-Language header: its first language ("en-CA,fr;q=0.8" → "en");
    `default` when the header is absent or empty, French when it names something else."""
    first = (header or "").split(",")[0].split(";")[0].strip()
    return normalise_locale(first or default)


def t(key: str, locale: str | None, /, **values: Any) -> str:
    entry = CATALOGUE[key]
    text = entry.get(normalise_locale(locale)) or entry[DEFAULT_LOCALE]
    return text.format(**values) if values else text


def label(kind: str, value: str | None, locale: str | None) -> str:
    """The display name of a vocabulary value; unknown values are shown as they are."""
    if value is None:
        return ""
    key = f"{kind}.{value}"
    return t(key, locale) if key in CATALOGUE else value


def error_message(exc: CaseError, locale: str | None) -> str:
    params = dict(exc.params)
    if exc.code == "not_found":
        values = {k: v for k, v in params.items() if k != "what"}
        return t(f"error.not_found.{params['what']}", locale, **values)
    if exc.code == "vault_unavailable":
        return t(f"error.vault_unavailable.{params['reason']}", locale)
    if exc.code == "invalid_input":
        field = label("field", params["field"], locale)
        values = {k: v for k, v in params.items() if k not in ("field", "problem")}
        if "allowed" in values:
            values["allowed"] = ", ".join(map(str, values["allowed"]))
        return t(f"error.invalid_input.{params['problem']}", locale, field=field, **values)
    if exc.code == "invalid_transition" and params["target"] == "delete":
        return t("error.delete_not_closed", locale, ref=params["ref"])
    if exc.code == "invalid_transition":
        return t(
            "error.invalid_transition",
            locale,
            ref=params["ref"],
            current=label("status", params["current"], locale),
            target=label("status", params["target"], locale),
        )
    if exc.code == "own_request":
        return t(f"error.own_request.{params['who']}", locale, ref=params["ref"])
    if exc.code == "login_rejected":
        return t(f"error.login_rejected.{params['reason']}", locale)
    return t(f"error.{exc.code}", locale, **params)
