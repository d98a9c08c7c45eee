"""Reporting periods are calendar months, each held as the date of its first day."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def month_start(value: date) -> date:
    return value.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def year_before(month: date) -> date:
    """The same month a year earlier: the first of the 13 months a trend shows."""
    return date(month.year - 1, month.month, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from the one holding `first` to `last`, inclusive."""
    month, months = month_start(first), []
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def parse_month(text: str) -> date | None:
    """'2026-10' -> 1 October 2026; None when the text is not a month."""
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except (TypeError, ValueError):
        return None
