"""Feedback figures for a contract and period, for the member overview and the transparency report.

Sensitive grievances are counted, never described: they appear only in `sensitive_count`
(and in the totals), never by category or with their text."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from portal import workdays
from portal.db import utcnow
from portal.extensions import db
from portal.feedback.models import KINDS, OPEN_STATUSES, Feedback, FeedbackCategory


def _bounds(contract, start: date, end: date) -> tuple[datetime, datetime]:
    zone = workdays.zone(contract.time_zone)
    low = datetime.combine(start, time.min, tzinfo=zone).astimezone(UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return low, high


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def feedback_figures(contract, start: date, end: date, now: datetime | None = None) -> dict:
    """Figures for feedback received from `start` to `end` inclusive (the contract's local dates).

    Percentages are None when nothing could be measured. Days are working days of the contract."""
    now = now or utcnow()
    low, high = _bounds(contract, start, end)
    rows = db.session.execute(
        sa.select(Feedback, FeedbackCategory.name)
        .outerjoin(FeedbackCategory, FeedbackCategory.id == Feedback.category_id)
        .where(Feedback.contract_id == contract.id, Feedback.received_at >= low, Feedback.received_at < high)
        .order_by(Feedback.id)
    ).all()
    by_kind = {key: 0 for key in KINDS}
    by_category: dict[str, int] = {}
    ack_measured = ack_on_time = 0
    resp_measured = resp_on_time = 0
    days_to_respond: list[int] = []
    rated = satisfied = appeals = open_count = overdue = sensitive = 0
    for feedback, category_name in rows:
        if feedback.sensitive:
            sensitive += 1
        else:
            by_kind[feedback.kind] = by_kind.get(feedback.kind, 0) + 1
            name = category_name or "Other"
            by_category[name] = by_category.get(name, 0) + 1
        # Acknowledgement on time: acknowledged by the deadline; overdue if still waiting past it.
        if feedback.acknowledged_at is not None:
            ack_measured += 1
            ack_on_time += feedback.acknowledged_at <= feedback.ack_due_at
        elif feedback.ack_due_at < now:
            ack_measured += 1
        if feedback.responded_at is not None:
            resp_measured += 1
            resp_on_time += feedback.responded_at <= feedback.response_due_at
            days_to_respond.append(workdays.working_days_between(
                feedback.received_at, feedback.responded_at, contract.time_zone, contract.calendar))
        elif feedback.response_due_at < now and feedback.status in OPEN_STATUSES:
            resp_measured += 1
        if feedback.rated_at is not None:
            rated += 1
            satisfied += bool(feedback.satisfied)
        appeals += feedback.appealed_at is not None
        if feedback.status in OPEN_STATUSES:
            open_count += 1
            overdue += feedback.is_overdue(now)
    return {
        "contract": contract.code,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "received": len(rows),
        "by_kind": {KINDS[k]: v for k, v in by_kind.items()},
        "by_category": dict(sorted(by_category.items(), key=lambda item: (-item[1], item[0]))),
        "sensitive_count": sensitive,
        "acknowledged_on_time_percent": _percent(ack_on_time, ack_measured),
        "responded_on_time_percent": _percent(resp_on_time, resp_measured),
        "median_working_days_to_respond": statistics.median(days_to_respond) if days_to_respond else None,
        "rated": rated,
        "satisfaction_percent": _percent(satisfied, rated),
        "appeals": appeals,
        "open": open_count,
        "overdue": overdue,
    }


def recent_period(contract, today: date | None = None, months: int = 12) -> tuple[date, date]:
    today = today or workdays.local_date(utcnow(), contract.time_zone)
    year, month = today.year, today.month - months + 1
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1), today
