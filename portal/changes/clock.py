"""The contract's time limits for change and contingency events, on its working-day clock."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from portal import workdays
from portal.changes.models import DEFAULT_LIMITS, ChangeSettings
from portal.extensions import db

# Which limit each open variation step runs against.
STEP_LIMITS = {"proposed": "decide_days", "estimate_requested": "estimate_days",
               "estimate_received": "approve_days", "approved": "implement_days"}


class ChangesError(Exception):
    """A rule of change management was broken; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def settings_of(contract) -> ChangeSettings:
    """The contract's limits (an unsaved row with the defaults when it has none yet)."""
    found = db.session.scalar(sa.select(ChangeSettings).where(ChangeSettings.contract_id == contract.id))
    return found or ChangeSettings(contract_id=contract.id, **DEFAULT_LIMITS)


def save_settings(contract, values: dict) -> ChangeSettings:
    for name in DEFAULT_LIMITS:
        days = values.get(name)
        if days is None or not 1 <= int(days) <= 250:
            raise ChangesError("Give a number of working days from 1 to 250.", name)
    settings = settings_of(contract)
    if settings.id is None:
        db.session.add(settings)
    for name in DEFAULT_LIMITS:
        setattr(settings, name, int(values[name]))
    db.session.flush()
    return settings


def limit_days(contract, name: str) -> int:
    return getattr(settings_of(contract), name)


def due(contract, start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after `start`, in the contract's zone, as UTC."""
    return workdays.deadline(start, days, contract.time_zone, contract.calendar)


def step_due(contract, status: str, start: datetime) -> datetime | None:
    """When the step a variation enters at `start` must be done, or None when nothing is awaited."""
    name = STEP_LIMITS.get(status)
    return due(contract, start, limit_days(contract, name)) if name else None
