"""The one clock: every reading of the current time in the portal goes through `now()`.

Tests and commands that must see a fixed day (a demo that ends "today", a suite that passes on
any date) move this clock with `travel_to()`; it keeps ticking from there, so records made one
after another still sort in the order they were made."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_offset = timedelta(0)


def now() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC) + _offset


def today() -> date:
    """Today's date in UTC (a contract's local date: `now().astimezone(zone).date()`)."""
    return now().date()


def travel_to(instant: datetime) -> None:
    """Make `now()` read `instant` from this moment on (it keeps ticking)."""
    global _offset
    if instant.tzinfo is None:
        raise ValueError("travel_to needs an aware datetime")
    _offset = instant - datetime.now(UTC)


def back_to_real_time() -> None:
    global _offset
    _offset = timedelta(0)
