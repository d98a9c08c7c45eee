"""Report sections on the partnership half of the record: disputes, the partnership health check,
the risk position and contract changes. Each is off by default: choosing it is the official's
decision to publish its figures, and each publishes aggregates only (no party's position, no
answer, no single risk), read through the features' own figure functions."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import sqlalchemy as sa

from portal.changes import figures as change_figures
from portal.disputes import figures as dispute_figures
from portal.extensions import db
from portal.partnership import figures as partnership_figures
from portal.partnership.models import DIMENSIONS
from portal.reports.sections import SectionKind, freeze, register_report_section
from portal.risks import scoring
from portal.risks.models import Risk


def _disputes_snapshot(contract, start, end):
    period = dispute_figures.dispute_figures(contract, start, end)
    public = dispute_figures.public_figures(contract)
    return freeze({
        "currency": contract.currency, "raised": period["raised"], "closed": period["closed"],
        "open": period["open"], "by_stage": period["by_stage"], "overdue": period["overdue"],
        "amount_in_dispute_minor": period["amount_in_dispute_minor"],
        "settled_minor": period["settled_minor"], "determined_minor": period["determined_minor"],
        "outcomes": period["outcomes"], "published_outcomes": public["outcomes"],
    })


def _health_snapshot(contract, start, end):
    rounds = []
    for result in partnership_figures.trend(contract, released_only=True):
        if not (start <= result.round.closes_on <= end):
            continue
        sides = {side: {"label": r.label, "answers": r.answers, "shown": r.shown,
                        "overall": r.overall, "scores": r.scores} for side, r in result.sides.items()}
        rounds.append({"label": result.round.label, "closes_on": result.round.closes_on, "sides": sides,
                       "overall_gap": result.overall_gap, "gaps": result.gaps})
    return freeze({"rounds": rounds, "dimensions": {key: label for key, (label, _q) in DIMENSIONS.items()}})


def _risk_snapshot(contract, start, end):
    risks = list(db.session.scalars(sa.select(Risk).where(Risk.contract_id == contract.id, Risk.status == "open")))
    bands = Counter((r.kind, scoring.band(scoring.score(r.residual_likelihood, r.residual_impact))) for r in risks)
    allocation = Counter(r.allocation for r in risks)
    return freeze({
        "open": len(risks),
        "rows": [{"kind": kind, "counts": [bands[(kind, band)] for band in scoring.BANDS]}
                 for kind in ("threat", "opportunity")],
        "bands": [scoring.BAND_LABELS[b] for b in scoring.BANDS],
        "allocation": dict(sorted(allocation.items())),
    })


def _changes_snapshot(contract, start, end):
    years = [row for row in change_figures.totals_by_year(contract) if start.year <= row["year"] <= end.year]
    return freeze({"currency": contract.currency, "years": years,
                   "annual_effect": sum((row["annual_effect"] for row in years), Decimal("0"))})


register_report_section(SectionKind(
    "disputes", "Disputes", "reports/sections/_disputes.html", _disputes_snapshot, order=50, default=False,
    description="Disputes by stage, amounts in dispute, settled and determined, and the outcomes officials "
                "chose to publish. No party's position is included."))
register_report_section(SectionKind(
    "health", "Partnership health check", "reports/sections/_health.html", _health_snapshot, order=55,
    default=False, description="Each side's average score per dimension and the gap between them, for the "
                               "rounds officials released. No answer or comment is included."))
register_report_section(SectionKind(
    "risks", "Risk position", "reports/sections/_risks.html", _risk_snapshot, order=60, default=False,
    description="Open threats and opportunities counted by residual rating band and by allocation. No "
                "single risk is named."))
register_report_section(SectionKind(
    "changes", "Contract changes", "reports/sections/_changes.html", _changes_snapshot, order=65, default=False,
    description="Variations by year: proposed, approved, their value and their effect on the annual charge."))
