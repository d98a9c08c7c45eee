"""Compliance figures for the dashboard tile and (later) the reports."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.obligations.models import OPEN_DUE, ObligationDue
from portal.obligations.services import add_months, month_end


def compliance_figures(contract, today: date, where=None) -> dict:
    """Open due dates this month and overdue; of the last 12 months' due dates, how many were met on
    time (evidence sent by the due date). `where` limits the rows (e.g. to what a user may read)."""
    query = sa.select(ObligationDue).where(ObligationDue.contract_id == contract.id,
                                           ObligationDue.due_on <= month_end(today))
    if where is not None:
        query = query.where(where)
    rows = list(db.session.scalars(query))
    open_rows = [d for d in rows if d.status in OPEN_DUE]
    year_ago = add_months(today, -12)
    past = [d for d in rows if year_ago <= d.due_on < today]
    on_time = [d for d in past if d.submitted_at is not None and not d.late]
    return {
        "due_this_month": sum(1 for d in open_rows if d.due_on >= today.replace(day=1) and not d.is_overdue(today)),
        "overdue": sum(1 for d in open_rows if d.is_overdue(today)),
        "awaiting_check": sum(1 for d in open_rows if d.status == "submitted"),
        "past_year": len(past),
        "on_time_percent": round(100 * len(on_time) / len(past), 1) if past else None,
        "late": sum(1 for d in past if d.late or d.is_overdue(today)),
    }
