"""Dispute figures for a contract and period (member overview, reports), and what the public sees:
counts by stage and the outcomes an official chose to publish."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

import sqlalchemy as sa

from portal import workdays
from portal.db import utcnow
from portal.disputes.models import OUTCOMES, Dispute
from portal.disputes.services import ladder_of
from portal.extensions import db


def _bounds(contract, start: date, end: date) -> tuple[datetime, datetime]:
    zone = workdays.zone(contract.time_zone)
    return (datetime.combine(start, time.min, tzinfo=zone).astimezone(UTC),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC))


def _open(contract) -> list[Dispute]:
    return list(db.session.scalars(sa.select(Dispute).where(Dispute.contract_id == contract.id,
                                                            Dispute.status == "open")
                                   .order_by(Dispute.number)))


def by_stage(contract, disputes: list[Dispute]) -> list[dict]:
    """Open disputes per stage of the ladder, in the ladder's order (stages no longer on the
    ladder come last)."""
    counts: dict[str, dict] = {s["stage"]: {"stage": s["stage"], "label": s["label"], "count": 0}
                               for s in ladder_of(contract)}
    for dispute in disputes:
        counts.setdefault(dispute.stage, {"stage": dispute.stage, "label": dispute.stage_label, "count": 0})
        counts[dispute.stage]["count"] += 1
    return list(counts.values())


def dispute_figures(contract, start: date, end: date, now: datetime | None = None) -> dict:
    """Raised and closed in [start, end]; outcomes and amounts settled or determined then; and,
    now, open disputes by stage with their days in stage, the amount in dispute and overdue."""
    now = now or utcnow()
    low, high = _bounds(contract, start, end)
    current = _open(contract)
    in_stage = [{"reference": d.reference, "stage": d.stage_label,
                 "days": (now - d.stage_started_at).days, "overdue": d.is_overdue(now)} for d in current]
    closed = list(db.session.scalars(sa.select(Dispute).where(
        Dispute.contract_id == contract.id, Dispute.closed_at.is_not(None), Dispute.closed_at >= low,
        Dispute.closed_at < high)))
    raised = db.session.scalar(sa.select(sa.func.count(Dispute.id)).where(
        Dispute.contract_id == contract.id, Dispute.raised_at >= low, Dispute.raised_at < high)) or 0
    days = [row["days"] for row in in_stage]
    return {
        "start": start, "end": end, "currency": contract.currency, "raised": raised, "open": len(current),
        "by_stage": by_stage(contract, current), "days_in_stage": in_stage,
        "median_days_in_stage": Decimal(median(days)).quantize(Decimal("0.1"), ROUND_HALF_UP) if days else None,
        "overdue": sum(1 for row in in_stage if row["overdue"]),
        "amount_in_dispute_minor": sum(d.amount_minor or 0 for d in current),
        "closed": len(closed),
        "outcomes": {key: sum(1 for d in closed if d.outcome == key) for key in OUTCOMES},
        "settled_minor": sum(d.outcome_amount_minor or 0 for d in closed if d.outcome == "settled"),
        "determined_minor": sum(d.outcome_amount_minor or 0 for d in closed if d.outcome == "determined"),
    }


def public_figures(contract) -> dict:
    """The counts by stage and the published outcomes: nothing else of a dispute is public."""
    current = _open(contract)
    published = list(db.session.scalars(sa.select(Dispute).where(
        Dispute.contract_id == contract.id, Dispute.status == "closed", Dispute.outcome_public.is_(True))
        .order_by(Dispute.closed_at.desc())))
    return {"open": len(current), "by_stage": by_stage(contract, current), "currency": contract.currency,
            "outcomes": [{"reference": d.reference, "subject": d.subject, "outcome": d.outcome_label,
                          "amount_minor": d.outcome_amount_minor, "closed_at": d.closed_at} for d in published]}
