"""Issue figures for a contract and period: for the member overview and the reports.

Counts cover every issue of the contract (the figures are aggregates; no issue is shown)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

import sqlalchemy as sa

from portal import workdays
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import PRIORITIES, Issue
from portal.issues.queries import overdue_clause


def _bounds(contract, start: date, end: date) -> tuple[datetime, datetime]:
    zone = workdays.zone(contract.time_zone)
    return (datetime.combine(start, time.min, tzinfo=zone).astimezone(UTC),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC))


def recent_period(contract, days: int = 90) -> tuple[date, date]:
    today = utcnow().astimezone(workdays.zone(contract.time_zone)).date()
    return today - timedelta(days=days - 1), today


def issue_figures(contract, start: date, end: date, now: datetime | None = None) -> dict:
    """Issues opened and closed (resolved) in [start, end], the median days from raised to
    resolved of those closed, and, now, open and overdue issues by priority."""
    now = now or utcnow()
    low, high = _bounds(contract, start, end)
    mine = Issue.contract_id == contract.id
    opened = db.session.scalar(sa.select(sa.func.count(Issue.id)).where(
        mine, Issue.raised_at >= low, Issue.raised_at < high)) or 0
    closed = db.session.execute(sa.select(Issue.raised_at, Issue.resolved_at).where(
        mine, Issue.resolved_at.is_not(None), Issue.resolved_at >= low, Issue.resolved_at < high)).all()
    days = [Decimal((resolved - raised).total_seconds()) / 86400 for raised, resolved in closed]
    median_days = (Decimal(median(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if days else None)
    overdue_rows = db.session.execute(sa.select(Issue.priority, sa.func.count(Issue.id)).where(
        mine, overdue_clause(now)).group_by(Issue.priority)).all()
    open_rows = db.session.execute(sa.select(Issue.priority, sa.func.count(Issue.id)).where(
        mine, Issue.status.in_(("open", "in_progress"))).group_by(Issue.priority)).all()
    overdue = {p: 0 for p in PRIORITIES} | dict(overdue_rows)
    open_by = {p: 0 for p in PRIORITIES} | dict(open_rows)
    failures = db.session.scalar(sa.select(sa.func.count(Issue.id)).where(
        mine, Issue.is_service_failure.is_(True), Issue.raised_at >= low, Issue.raised_at < high)) or 0
    return {
        "start": start, "end": end, "opened": opened, "closed": len(closed),
        "median_days_to_close": median_days, "open": sum(open_by.values()), "open_by_priority": open_by,
        "overdue": sum(overdue.values()), "overdue_by_priority": overdue, "service_failures": failures,
    }
