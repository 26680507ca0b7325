"""Business days: weekends and the configured region's holidays skipped, local time kept across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cases.calendar import BusinessCalendar


def test_weekends_and_provincial_holidays_are_not_business_days() -> None:
    ontario = BusinessCalendar("America/Toronto", "CA-ON")
    assert ontario.is_business_day(date(2026, 12, 24))
    assert not ontario.is_business_day(date(2026, 12, 25))  # Christmas
    assert not ontario.is_business_day(date(2026, 12, 26))  # a Saturday
    assert not ontario.is_business_day(date(2026, 2, 16))  # Family Day: Ontario's, not Quebec's
    assert BusinessCalendar("America/Toronto", "CA-QC").is_business_day(date(2026, 2, 16))
    assert not BusinessCalendar("America/Toronto", "CA-QC").is_business_day(
        date(2026, 6, 24)
    )  # Fête nationale
    assert BusinessCalendar("America/Toronto", "").is_business_day(date(2026, 12, 25))  # weekends only


def test_adding_business_days_keeps_the_local_time_across_a_dst_change() -> None:
    calendar = BusinessCalendar("America/Toronto", "CA-ON")
    friday = datetime(2026, 10, 30, 14, 0, tzinfo=UTC)  # 10:00 EDT; clocks go back on Sunday 1 November
    due = calendar.add_business_days(friday, 1)
    assert due == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 EST
    assert calendar.local(due).hour == 10
    saturday = datetime(2026, 10, 31, 14, 0, tzinfo=UTC)
    assert calendar.add_business_days(saturday, 1) == due


def test_days_between_counts_local_dates() -> None:
    calendar = BusinessCalendar("America/Toronto", "CA-ON")
    late_evening = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)  # 22:00 on the 8th in Toronto
    assert calendar.days_between(late_evening, datetime(2026, 12, 9, 15, 0, tzinfo=UTC)) == 1
    assert calendar.days_between(datetime(2026, 12, 9, 15, 0, tzinfo=UTC), late_evening) == -1


@pytest.mark.parametrize(("timezone", "region"), [("Mars/Olympus", "CA-ON"), ("America/Toronto", "XX-YY")])
def test_unknown_names_are_refused_clearly(timezone: str, region: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        BusinessCalendar(timezone, region)
