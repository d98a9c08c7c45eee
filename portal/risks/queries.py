"""Reading the register: the filtered and sorted list, the heat map counts, top risks, overdue
reviews. Every list is restricted in SQL to what the person may read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from portal import access
from portal.extensions import db
from portal.risks import scoring
from portal.risks.models import Risk, risk_objectives

SORTS = {
    "residual": ("Residual score", Risk.residual_score),
    "inherent": ("Inherent score", Risk.inherent_score),
    "reference": ("Reference", Risk.number),
    "title": ("Title", Risk.title),
    "next_review": ("Next review", Risk.next_review_on),
    "category": ("Category", Risk.category),
}
DEFAULT_DIRECTIONS = {"residual": "desc", "inherent": "desc"}


@dataclass
class RegisterFilter:
    kind: str = ""
    category: str = ""
    allocation: str = ""
    band: str = ""
    status: str = "open"  # open | closed | all
    overdue: bool = False
    basis: str = "residual"  # which position `likelihood` and `impact` pick: residual | inherent
    likelihood: int | None = None
    impact: int | None = None
    objective_id: int | None = None
    sort: str = "residual"
    direction: str = "desc"

    def args(self, position: bool = True) -> dict:
        """The query string that reproduces this filter (for links and exports); without the
        heat-map position when `position` is False."""
        values = {"kind": self.kind, "category": self.category, "allocation": self.allocation,
                  "band": self.band, "status": self.status, "overdue": "y" if self.overdue else "",
                  "basis": self.basis if self.likelihood else "", "likelihood": self.likelihood or "",
                  "impact": self.impact or "", "objective": self.objective_id or "", "sort": self.sort,
                  "direction": self.direction}
        if not position:
            values.update(basis="", likelihood="", impact="")
        return {k: v for k, v in values.items() if v not in ("", None)}


def visible_risks(user, contract):
    return sa.select(Risk).where(access.visible_clause(user, Risk, contract))


def _filtered(query, f: RegisterFilter, today: date):
    if f.kind:
        query = query.where(Risk.kind == f.kind)
    if f.category:
        query = query.where(Risk.category == f.category)
    if f.allocation:
        query = query.where(Risk.allocation == f.allocation)
    if f.band in scoring.BAND_LABELS:
        query = query.where(Risk.residual_score.between(scoring.band_floor(f.band), scoring.band_ceiling(f.band)))
    if f.status in ("open", "closed"):
        query = query.where(Risk.status == f.status)
    if f.overdue:
        query = query.where(Risk.status == "open", Risk.next_review_on < today)
    if f.likelihood and f.impact:
        inherent = f.basis == "inherent"
        query = query.where((Risk.inherent_likelihood if inherent else Risk.residual_likelihood) == f.likelihood,
                            (Risk.inherent_impact if inherent else Risk.residual_impact) == f.impact)
    if f.objective_id:
        query = query.where(Risk.id.in_(sa.select(risk_objectives.c.risk_id).where(
            risk_objectives.c.objective_id == f.objective_id)))
    return query


def register(user, contract, f: RegisterFilter, today: date) -> list[Risk]:
    """The risks matching the filter, sorted; owners loaded with them (two queries)."""
    column = SORTS.get(f.sort, SORTS["residual"])[1]
    order = column.desc() if f.direction == "desc" else column.asc()
    query = _filtered(visible_risks(user, contract), f, today).order_by(order, Risk.number)
    return list(db.session.scalars(query.options(sa.orm.selectinload(Risk.owner))))


def position_counts(user, contract, *, basis: str = "residual", kind: str | None = None,
                    today: date | None = None) -> dict:
    """Open risks counted by (likelihood, impact) and kind, with how many are overdue, in one query:
    {"cells": {(kind, l, i): count}, "overdue": {kind: n}}."""
    inherent = basis == "inherent"
    lk = Risk.inherent_likelihood if inherent else Risk.residual_likelihood
    im = Risk.inherent_impact if inherent else Risk.residual_impact
    overdue = sa.func.sum(sa.case((Risk.next_review_on < (today or date.min), 1), else_=0))
    query = (sa.select(Risk.kind, lk, im, sa.func.count(Risk.id), overdue)
             .where(access.visible_clause(user, Risk, contract), Risk.status == "open")
             .group_by(Risk.kind, lk, im))
    if kind:
        query = query.where(Risk.kind == kind)
    cells: dict[tuple, int] = {}
    late: dict[str, int] = {}
    for risk_kind, likelihood, impact, count, overdue_count in db.session.execute(query):
        cells[(risk_kind, likelihood, impact)] = count
        late[risk_kind] = late.get(risk_kind, 0) + int(overdue_count or 0)
    return {"cells": cells, "overdue": late}


def top_risks(user, contract, kind: str = "threat", limit: int = 5, min_score: int = 1) -> list[Risk]:
    return list(db.session.scalars(
        visible_risks(user, contract)
        .where(Risk.status == "open", Risk.kind == kind, Risk.residual_score >= min_score)
        .order_by(Risk.residual_score.desc(), Risk.next_review_on, Risk.number).limit(limit)))


def overdue_reviews(user, contract, today: date, limit: int | None = None) -> list[Risk]:
    query = (visible_risks(user, contract).where(Risk.status == "open", Risk.next_review_on < today)
             .order_by(Risk.next_review_on, Risk.number))
    return list(db.session.scalars(query.limit(limit) if limit else query))


def objective_counts(user, contract) -> dict[int, int]:
    """objective id -> open risks the user may read linked to it (one query)."""
    rows = db.session.execute(
        sa.select(risk_objectives.c.objective_id, sa.func.count(Risk.id))
        .join(Risk, Risk.id == risk_objectives.c.risk_id)
        .where(access.visible_clause(user, Risk, contract), Risk.status == "open")
        .group_by(risk_objectives.c.objective_id))
    return {objective_id: count for objective_id, count in rows}


def risks_of_objective(user, contract, objective_id: int) -> list[Risk]:
    return list(db.session.scalars(
        visible_risks(user, contract)
        .where(Risk.id.in_(sa.select(risk_objectives.c.risk_id).where(
            risk_objectives.c.objective_id == objective_id)))
        .order_by(Risk.status.desc(), Risk.residual_score.desc(), Risk.number)))
