"""What the performance page and the two contract panels show (the member overview's card and
the public contract page's published results). Reads only."""

from __future__ import annotations

from datetime import date

from portal import access, clock
from portal.performance import figures, periods, queries
from portal.performance.months import month_start, year_before


def performance_page(contract, today: date) -> dict:
    """The contract's last 13 months, newest first, with a trend chart per KPI; and whether this
    month still waits to be opened."""
    current = month_start(today)
    data = figures.performance_figures(contract, year_before(current), current)
    kpis = queries.kpis_of(contract)
    charts = figures.kpi_charts(data, id_prefix="chart", title_suffix=", last 13 months")
    return {"figures": data, "months": list(reversed(data["months"])), "kpis": kpis,
            "charts": [{"kpi": kpi, "svg": chart["svg"]} for kpi, chart in zip(kpis, charts, strict=True)],
            "unopened_month": current if periods.can_open(contract, today) else None}


def member_panel(user, contract) -> dict | None:
    """The overview card: this month's state and last month's results, for those who follow performance."""
    if not access.can(user, "performance.view", contract):
        return None
    recent = queries.submissions_of(contract, limit=2, with_lines=True)
    if not recent:
        return None
    current, last = recent[0], (recent[1] if len(recent) > 1 else None)
    missed = [m.kpi.code for m in (last.measurements if last else []) if m.met is False]
    statement = queries.statement_of(last) if last else None
    return {"contract": contract, "current": current, "last": last, "missed": missed, "statement": statement}


def public_panel(contract) -> dict | None:
    """The public KPIs of the settled months of the last year, latest month first; None when there are none."""
    current = month_start(clock.today())
    data = figures.performance_figures(contract, year_before(current), current, public_only=True)
    if not data["kpis"] or not data["months"]:
        return None
    return {"figures": data, "latest": data["months"][-1], "charts": figures.kpi_charts(data, id_prefix="public")}
