"""Change figures for the register, the dashboard and (later) the reports: variations by year
(the "contract creep" audit offices look for) and contingency events."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from portal.changes.models import OPEN_VARIATION, ContingencyEvent, Variation
from portal.db import utcnow
from portal.extensions import db

APPROVED = ("approved", "implemented")


def _year(contract, when: datetime | None) -> int | None:
    if when is None:
        return None
    return when.astimezone(ZoneInfo(contract.time_zone or "UTC")).year


def totals_by_year(contract, where=None) -> list[dict]:
    """Per year: variations proposed, approved, their one-off value and their effect on the annual
    charge (monthly change × 12, counted in the year the change takes effect), with the running
    total of that effect. `where` limits the variations (e.g. to what a user may read)."""
    query = sa.select(Variation).where(Variation.contract_id == contract.id)
    if where is not None:
        query = query.where(where)
    years: dict[int, dict] = {}

    def row(year: int) -> dict:
        return years.setdefault(year, {"year": year, "proposed": 0, "approved": 0, "value": Decimal("0"),
                                       "annual_effect": Decimal("0")})

    for variation in db.session.scalars(query):
        row(_year(contract, variation.proposed_at))["proposed"] += 1
        if variation.status not in APPROVED:
            continue
        year = variation.effective_month.year if variation.effective_month else _year(contract, variation.decided_at)
        target = row(year)
        target["approved"] += 1
        target["value"] += variation.agreed_cost or Decimal("0")
        target["annual_effect"] += (variation.agreed_charge_change or Decimal("0")) * 12
    running = Decimal("0")
    result = []
    for year in sorted(years):
        running += years[year]["annual_effect"]
        result.append({**years[year], "cumulative_effect": running})
    return result


def change_figures(contract, where=None, now: datetime | None = None) -> dict:
    """Open variations, overdue steps and open contingency events, for the dashboard tile."""
    now = now or utcnow()
    query = sa.select(Variation).where(Variation.contract_id == contract.id, Variation.status.in_(OPEN_VARIATION))
    if where is not None:
        query = query.where(where)
    open_rows = list(db.session.scalars(query))
    events = db.session.scalar(sa.select(sa.func.count(ContingencyEvent.id)).where(
        ContingencyEvent.contract_id == contract.id, ContingencyEvent.status.in_(("notified", "agreed"))))
    totals = totals_by_year(contract, where)
    return {"open": len(open_rows), "overdue": sum(v.is_overdue(now) for v in open_rows),
            "open_events": events or 0,
            "annual_effect": totals[-1]["cumulative_effect"] if totals else Decimal("0")}
