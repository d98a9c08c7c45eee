"""Working-day arithmetic on a contract's calendar: feedback deadlines, issue targets, dispute
stages. Pure: no database, no Flask.

Rules (a grievance redress mechanism's usual reading of "within N working days"):
- Working days are Monday to Friday, except the contract's holidays: its country's (and
  region's) public holidays for any year plus its own closures (`HolidayCalendar`), or a plain
  list of ISO dates.
- Days are those of the contract's time zone, not UTC.
- Feedback received on a working day before the cut-off (17:00 local) counts as received that
  day; after the cut-off, or on a weekend or holiday, it counts as received on the next working day.
- The deadline is the end (23:59:59 local) of the Nth working day after the day of receipt, so it
  never falls on a weekend or holiday: it moves to the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib

CUTOFF = time(17, 0)
END_OF_DAY = time(23, 59, 59)


def zone(tz: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz or "UTC")
    except Exception:  # an unknown zone name falls back to UTC rather than failing a submission
        return ZoneInfo("UTC")


class HolidayCalendar:
    """A contract's days off, for any year: its country's (and region's) public holidays from the
    `holidays` package, plus the contract's own closures. Used wherever a set of dates is."""

    def __init__(self, country: str = "", subdivision: str = "", closures: Iterable[str | date] = ()):
        self.closures = holiday_set(closures)
        self.public = (holidays_lib.country_holidays(country, subdiv=subdivision or None)
                       if country else None)

    def __contains__(self, day: object) -> bool:
        return day in self.closures or (self.public is not None and day in self.public)

    def name_of(self, day: date) -> str | None:
        if day in self.closures:
            return "Closure"
        return self.public.get(day) if self.public is not None else None


def supported_countries() -> dict[str, list[str]]:
    """Country codes (ISO 3166-1 alpha-2) and their regions that the holiday calendar knows."""
    return {code: list(regions) for code, regions in holidays_lib.list_supported_countries().items()}


def holiday_set(holidays: Iterable[str | date] | HolidayCalendar | None) -> frozenset[date] | HolidayCalendar:
    if isinstance(holidays, HolidayCalendar):
        return holidays
    days = set()
    for value in holidays or ():
        if isinstance(value, date):
            days.add(value)
        else:
            try:
                days.add(date.fromisoformat(str(value)))
            except ValueError:
                continue
    return frozenset(days)


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: frozenset[date]) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def receipt_day(received_at: datetime, tz: str | None, holidays=None) -> date:
    """The working day on which the clock starts, in the contract's time zone."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime")
    days = holiday_set(holidays)
    local = received_at.astimezone(zone(tz))
    day = local.date()
    if is_working_day(day, days) and local.time() < CUTOFF:
        return day
    return next_working_day(day, days)


def add_working_days(day: date, count: int, holidays=None) -> date:
    """The date `count` working days after `day` (count 0 = day itself, moved to a working day)."""
    days = holiday_set(holidays)
    if count <= 0:
        return day if is_working_day(day, days) else next_working_day(day, days)
    for _ in range(count):
        day = next_working_day(day, days)
    return day


def due_date(received_at: datetime, working_days: int, tz: str | None, holidays=None) -> date:
    """The local date by which something received at `received_at` is due."""
    return add_working_days(receipt_day(received_at, tz, holidays), working_days, holidays)


def deadline(received_at: datetime, working_days: int, tz: str | None, holidays=None) -> datetime:
    """The deadline as an aware UTC datetime: the end of the due date in the contract's zone."""
    day = due_date(received_at, working_days, tz, holidays)
    return datetime.combine(day, END_OF_DAY, tzinfo=zone(tz)).astimezone(UTC)


def working_days_between(start: datetime, end: datetime, tz: str | None, holidays=None) -> int:
    """Working days from the day of receipt of `start` to the local date of `end` (0 = same day)."""
    days = holiday_set(holidays)
    first = receipt_day(start, tz, days)
    last = end.astimezone(zone(tz)).date()
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        if is_working_day(day, days):
            count += 1
    return count


def local_date(instant: datetime, tz: str | None) -> date:
    """The contract's local date of an instant (a deadline is the end of a local day)."""
    return instant.astimezone(zone(tz)).date()
