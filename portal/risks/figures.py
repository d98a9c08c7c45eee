"""Risk figures for the dashboard tile and the portfolio: each in a fixed number of queries,
whatever the size of the register."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal import access, clock
from portal.extensions import db
from portal.panels import indicator_results
from portal.risks import scoring
from portal.risks.models import Risk, RiskLink


def risks_with_failed_kpis(user, contract) -> list[dict]:
    """Open threats whose linked KPIs were missed in the latest reported period: a sign that the
    threat is materialising. Two queries: the risks' KPI links, then the KPIs' latest results."""
    rows = db.session.execute(
        sa.select(Risk.reference, Risk.title, Risk.residual_score, RiskLink.ref_id)
        .join(RiskLink, RiskLink.risk_id == Risk.id)
        .where(access.visible_clause(user, Risk, contract), Risk.status == "open",
               Risk.kind == "threat", RiskLink.kind == "kpi")
        .order_by(Risk.residual_score.desc(), Risk.number)).all()
    results = indicator_results("kpi", contract, [row.ref_id for row in rows], periods=1)
    failing: dict[str, dict] = {}
    for reference, title, score, kpi_id in rows:
        latest = (results.get(kpi_id) or [None])[0]
        if latest is None or latest.ok is not False or not access.can(user, "view", latest):
            continue
        entry = failing.setdefault(reference, {"reference": reference, "title": title, "score": score,
                                               "band": scoring.band(score), "kpis": [], "period": latest.period})
        entry["kpis"].append(latest)
    return list(failing.values())


def _open_visible(user, contract_ids):
    return sa.and_(access.visible_clause(user, Risk), Risk.contract_id.in_(contract_ids), Risk.status == "open")


def portfolio_counts(user, contracts, today: date | None = None) -> dict[int, dict]:
    """contract id -> {"open" threats, "severe" (critical and high threats), "overdue" reviews of
    threats and opportunities} for the contracts on which
    the user reads risks, in one query. Overdue is judged on the UTC date."""
    ids = [c.id for c in contracts if access.can(user, "risk.view", c)]
    if not ids:
        return {}
    today = today or clock.today()
    threat = Risk.kind == "threat"
    threats = sa.func.sum(sa.case((threat, 1), else_=0))
    severe = sa.func.sum(sa.case((sa.and_(threat, Risk.residual_score >= scoring.band_floor("high")), 1), else_=0))
    overdue = sa.func.sum(sa.case((Risk.next_review_on < today, 1), else_=0))
    rows = db.session.execute(
        sa.select(Risk.contract_id, threats, severe, overdue)
        .where(_open_visible(user, ids)).group_by(Risk.contract_id))
    counts = {cid: {"open": 0, "severe": 0, "overdue": 0} for cid in ids}
    for contract_id, total, severe_count, overdue_count in rows:
        counts[contract_id] = {"open": int(total or 0), "severe": int(severe_count or 0), "overdue": int(overdue_count or 0)}
    return counts
