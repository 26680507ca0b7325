"""Business days in one time zone: weekends and the public holidays of one place (the `holidays`
package, e.g. "CA-ON" for Ontario) do not count. SLAs are counted with it, the console shows its local time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

__all__ = ["DEFAULT_HOLIDAYS", "DEFAULT_TIMEZONE", "BusinessCalendar"]

DEFAULT_TIMEZONE = "America/Toronto"
DEFAULT_HOLIDAYS = "CA-ON"


class BusinessCalendar:
    """`timezone` is an IANA name; `region` a country code, optionally with its subdivision
    ("CA", "CA-ON", "CA-QC"), or "" for weekends only. Unknown names raise ValueError."""

    def __init__(self, timezone: str = DEFAULT_TIMEZONE, region: str = DEFAULT_HOLIDAYS) -> None:
        try:
            self.tz = ZoneInfo(timezone)
        except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(f"unknown time zone {timezone!r}") from exc
        self.timezone, self.region = timezone, region
        country, _, subdivision = region.partition("-")
        try:
            self._holidays = (
                holidays.country_holidays(country.upper(), subdiv=subdivision.upper() or None)
                if country
                else None
            )
        except NotImplementedError as exc:
            raise ValueError(f"unknown holiday region {region!r} (e.g. CA-ON, CA-QC)") from exc

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.timezone!r}, {self.region!r})"

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and (self._holidays is None or day not in self._holidays)

    def add_business_days(self, moment: datetime, days: int) -> datetime:
        """The same local time of day, `days` business days later (a case opened on a Saturday and
        one opened the Friday before are due on the same day)."""
        local = self.local(moment)
        day, counted = local.date(), 0
        while counted < days:
            day += timedelta(days=1)
            counted += self.is_business_day(day)
        wall = datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=self.tz)
        return wall.astimezone(UTC)

    def days_between(self, start: datetime, end: datetime) -> int:
        """Calendar days from `start`'s local date to `end`'s (negative when `end` is earlier)."""
        return (self.local(end).date() - self.local(start).date()).days
