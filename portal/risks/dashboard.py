"""What the risk feature offers the rest of the portal: its tile on the integrated dashboard (the
member's contract overview), its columns in the portfolio, and risks and objectives as records
other features may link to."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, url_for

from portal import access
from portal.extensions import db
from portal.panels import (
    LinkedRecord,
    LinkKind,
    PortfolioCell,
    PortfolioColumn,
    register_link_kind,
    register_member_panel,
    register_portfolio_column,
)
from portal.risks import figures, queries
from portal.risks.heatmap import heat_map
from portal.risks.models import Objective, Risk
from portal.risks.services import local_today


def _cell_link(contract, kind: str, basis: str = "residual"):
    def link(likelihood: int, impact: int) -> str:
        return url_for("risks.register", code=contract.code, kind=kind, basis=basis, likelihood=likelihood,
                       impact=impact)
    return link


def tile_context(user, contract) -> dict | None:
    """The risk tile: residual heat map of open threats, critical and high threats, overdue
    reviews, risks whose linked KPIs failed this period. Four queries."""
    if not access.can(user, "risk.view", contract):
        return None
    today = local_today(contract)
    counts = queries.position_counts(user, contract, today=today)
    heat = heat_map("Open threats by residual likelihood and impact", counts["cells"],
                    link=_cell_link(contract, "threat"))
    return {
        "contract": contract,
        "heat": heat,
        "bands": heat.by_band(),
        "opportunities": sum(n for (kind, _l, _i), n in counts["cells"].items() if kind == "opportunity"),
        "overdue": sum(counts["overdue"].values()),
        "top": queries.top_risks(user, contract, "threat", limit=5, min_score=10),
        "failing": figures.risks_with_failed_kpis(user, contract),
    }


register_member_panel("risks", "risks/_tile.html", tile_context, order=30)


# ---- portfolio ---------------------------------------------------------------------------------


def _counts(user, contracts) -> dict[int, dict]:
    """The portfolio's risk counts, computed once per request for all three columns."""
    key = ("risk_portfolio", getattr(user, "id", None), tuple(c.id for c in contracts))
    cache = g.setdefault("_risk_portfolio", {})
    if key not in cache:
        cache[key] = figures.portfolio_counts(user, contracts)
    return cache[key]


def _column(name: str, warn_from: int | None = None, bad_from: int | None = None, **args):
    """A column of one of the counts; `warn_from` and `bad_from` mark counts that need attention."""
    def values(user, contracts) -> dict[int, PortfolioCell]:
        by_code = {c.id: c.code for c in contracts}
        cells = {}
        for contract_id, counts in _counts(user, contracts).items():
            n = counts[name]
            tone = ("bad" if bad_from is not None and n >= bad_from
                    else "warn" if warn_from is not None and n >= warn_from else None)
            cells[contract_id] = PortfolioCell(n, str(n), tone, url_for("risks.register", code=by_code[contract_id],
                                                                         **args))
        return cells
    return values


register_portfolio_column(PortfolioColumn("risks_open", "Open threats", _column("open", kind="threat"),
                                          order=30))
register_portfolio_column(PortfolioColumn("risks_severe", "Critical and high threats",
                                          _column("severe", 1, 5, kind="threat", sort="residual"), order=31))
register_portfolio_column(PortfolioColumn("risks_overdue", "Overdue risk reviews",
                                          _column("overdue", 1, 3, overdue="y"), order=32))


# ---- risks and objectives as link targets -------------------------------------------------------


def _resolve_risk(contract, ref_id: int) -> LinkedRecord | None:
    risk = db.session.get(Risk, ref_id)
    if risk is None or risk.contract_id != contract.id:
        return None
    return LinkedRecord("risk", risk.id, risk.contract_id, f"{risk.reference} {risk.title}",
                        url_for("risks.detail", code=contract.code, reference=risk.reference), risk.visibility)


def _risk_choices(user, contract) -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(Risk.id, Risk.reference, Risk.title).where(
        access.visible_clause(user, Risk, contract), Risk.status == "open").order_by(Risk.number.desc()))
    return [(rid, f"{ref} {title}") for rid, ref, title in rows]


def _resolve_objective(contract, ref_id: int) -> LinkedRecord | None:
    objective = db.session.get(Objective, ref_id)
    if objective is None or objective.contract_id != contract.id:
        return None
    return LinkedRecord("objective", objective.id, objective.contract_id,
                        f"{objective.reference} {objective.title}",
                        url_for("risks.objective", code=contract.code, reference=objective.reference),
                        objective.visibility)


def _objective_choices(user, contract) -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(Objective.id, Objective.reference, Objective.title).where(
        access.visible_clause(user, Objective, contract), Objective.active.is_(True)).order_by(Objective.number))
    return [(oid, f"{ref} {title}") for oid, ref, title in rows]


register_link_kind(LinkKind("risk", "Risk", _resolve_risk, _risk_choices))
register_link_kind(LinkKind("objective", "Objective", _resolve_objective, _objective_choices))
