"""Dates, times, due dates and decimals as a French or English reader expects them, in local time.

French: "9 déc. 2026, 03 h 40", "1,5"; English: "Dec 9, 2026, 3:40 AM", "1.5". Month names and
the sentences ("dans 2 jours", "2 days late") come from the catalogue; the time zone is the
caller's (the console's business calendar).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from cases.i18n import normalise_locale, t

__all__ = [
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_time",
    "month_day",
    "relative_due",
    "spreadsheet_datetime",
]


def _month(day: date, locale: str) -> str:
    return t("date.months", locale).split("|")[day.month - 1]


def format_date(day: date, locale: str) -> str:
    if normalise_locale(locale) == "en":
        return f"{_month(day, locale)} {day.day}, {day.year}"
    return f"{day.day} {_month(day, locale)} {day.year}"


def month_day(day: date, locale: str) -> str:
    """A week's Monday on a chart's axis: "30 nov." / "Nov 30"."""
    if normalise_locale(locale) == "en":
        return f"{_month(day, locale)} {day.day}"
    return f"{day.day} {_month(day, locale)}"


def format_time(moment: datetime, locale: str, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    if normalise_locale(locale) == "en":
        return f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    return f"{local.hour:02d} h {local.minute:02d}"


def format_datetime(moment: datetime | None, locale: str, tz: tzinfo) -> str:
    if moment is None:
        return ""
    return f"{format_date(moment.astimezone(tz).date(), locale)}, {format_time(moment, locale, tz)}"


def spreadsheet_datetime(moment: datetime | None, tz: tzinfo) -> str:
    """Local time that spreadsheets read as a date in either language: "2026-12-09 03:40"."""
    return "" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def format_decimal(value: float, locale: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text if normalise_locale(locale) == "en" else text.replace(".", ",")


def relative_due(due: datetime, now: datetime, locale: str, tz: tzinfo) -> str:
    """ "aujourd'hui à 15 h 00", "demain à …", "dans 3 jours"; once past: "en retard depuis 10 h 00"
    (the same day), "1 jour de retard", "4 jours de retard". Days are local calendar days."""
    days = (due.astimezone(tz).date() - now.astimezone(tz).date()).days
    time = format_time(due, locale, tz)
    if due >= now:
        if days == 0:
            return t("due.today", locale, time=time)
        if days == 1:
            return t("due.tomorrow", locale, time=time)
        return t("due.in_days", locale, n=days)
    if days == 0:
        return t("due.late_today", locale, time=time)
    if days == -1:
        return t("due.late_one", locale)
    return t("due.late_days", locale, n=-days)
