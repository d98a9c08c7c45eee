"""Performance figures for pages and reports, and the server-rendered SVG trend chart.

`performance_figures(contract, start, end, public_only=False)` is the API other features (the
transparency report, the public contract page) call. With `public_only`, only KPIs an official
made public are included, money and points are left out, and only months whose review is
finished (approved or countersigned) appear."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from portal.performance import paymech as pm
from portal.performance import queries
from portal.performance.errors import PerformanceError
from portal.performance.months import month_start, months_between
from portal.performance.statements import calculate_statement, month_points


def availability_percent(contract, submission, areas=None) -> Decimal | None:
    """Share of weighted area-hours available in the month (time beyond rectification counts as lost).

    Pass `areas` (the contract's functional areas) when computing many months."""
    areas = queries.areas_of(contract) if areas is None else areas
    if not areas:
        return None
    start, end = pm.month_bounds(submission.month)
    hours = Decimal((end - start).total_seconds()) / 3600
    total = sum(Decimal(a.weighting) for a in areas) * hours
    lost = Decimal(0)
    for event in submission.events:
        if event.area is None or event.status in ("excused", "waived"):
            continue
        begins = event.reported_at + pm._hours(Decimal(event.area.rectification_hours))
        until = min(event.rectified_at or end, end)
        if until > begins:
            lost += Decimal(event.area.weighting) * Decimal((until - begins).total_seconds()) / 3600
    if total <= 0:
        return None
    return (100 - lost / total * 100).quantize(Decimal("0.01"))


def performance_figures(contract, start: date, end: date, public_only: bool = False) -> dict:
    kpis = queries.kpis_of(contract, public_only=public_only)
    # One query per kind of row for the whole range, not per month.
    submissions = queries.submissions_between(contract, month_start(start), end)
    by_month = {s.month: s for s in submissions}
    areas = queries.areas_of(contract)
    statements = {} if public_only else queries.current_statements(submissions)
    months = []
    for month in months_between(start, end):
        submission = by_month.get(month)
        if public_only and (submission is None or not submission.settled):
            continue
        row = {"month": month.strftime("%Y-%m"), "label": month.strftime("%b %Y"),
               "status": submission.status if submission else None,
               "status_label": submission.status_label if submission else "Not opened",
               "kpis": _kpi_cells(kpis, submission), "availability_percent": None}
        if submission is not None:
            row["availability_percent"] = availability_percent(contract, submission, areas)
        if not public_only:
            row.update(_payment_cells(contract, submission, statements.get(submission.id) if submission else None))
        months.append(row)
    result = {"contract": contract.code, "currency": contract.currency, "public_only": public_only,
              "kpis": [{"code": k.code, "name": k.name, "unit": k.unit, "target": k.target,
                        "direction": k.direction, "category": k.category_label} for k in kpis],
              "months": months}
    if not public_only:
        result.update(_rolling(contract, end, months))
    return result


def _kpi_cells(kpis, submission) -> list[dict]:
    values = {m.kpi_id: m for m in submission.measurements} if submission else {}
    cells = []
    for kpi in kpis:
        m = values.get(kpi.id)
        cells.append({"code": kpi.code, "name": kpi.name, "unit": kpi.unit, "target": kpi.target,
                      "direction": kpi.direction, "value": m.value if m else None, "met": m.met if m else None})
    return cells


def _payment_cells(contract, submission, statement) -> dict:
    """Deductions, net payment and points of a month: from its statement, else provisional."""
    calc = statement.data if statement is not None else None
    if calc is None and submission is not None and not submission.is_draft:
        try:
            calc = calculate_statement(contract, submission)
        except PerformanceError:
            calc = None
    cells = {"frozen": bool(statement and statement.frozen), "statement_final": statement is not None}
    for key in ("availability_deduction", "performance_deduction", "total_deduction", "net_payment"):
        cells[key] = Decimal(calc[key]) if calc else None
    cells["points"] = calc["points"] if calc else (month_points(submission) if submission else 0)
    return cells


def _rolling(contract, end: date, months: list[dict]) -> dict:
    """Adds each month's rolling points and threshold flags; returns the window and thresholds."""
    terms = queries.terms_for(contract, end)
    window = terms.rolling_months if terms else 6
    warning = terms.warning_points if terms else None
    default = terms.default_points if terms else None
    rolling = pm.rolling_points([row["points"] for row in months], window, warning, default)
    for row, r in zip(months, rolling, strict=True):
        row.update(rolling_points=r["rolling"], warning=r["warning"], default=r["default"])
    return {"rolling_window": window, "warning_points": warning, "default_points": default}


def kpi_series(figures: dict, code: str) -> list[tuple[str, Decimal | None, bool | None]]:
    series = []
    for row in figures["months"]:
        for k in row["kpis"]:
            if k["code"] == code:
                series.append((row["label"], k["value"], k["met"]))
    return series


def kpi_charts(figures: dict, *, id_prefix: str, title_suffix: str = "") -> list[dict]:
    """A trend chart for each KPI of `figures`: [{"kpi": the KPI's figures, "svg": the chart}]."""
    return [{"kpi": kpi, "svg": kpi_trend_svg(kpi_series(figures, kpi["code"]), kpi["target"],
                                              title=f"{kpi['code']} {kpi['name']}{title_suffix}", unit=kpi["unit"],
                                              chart_id=f"{id_prefix}-{kpi['code']}")}
            for kpi in figures["kpis"]]


def kpi_trend_svg(series: list[tuple[str, Decimal | None, bool | None]], target: Decimal, *, title: str,
                  unit: str = "", width: int = 640, height: int = 220, chart_id: str = "chart") -> str:
    """A line chart of a KPI by month with its target as a dashed line. Months that met the target
    are drawn as circles, missed months as crosses (shape, not colour alone). No style attributes."""
    target = pm.plain(target)
    left, right, top, bottom = 56, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [Decimal(v) for _, v, _ in series if v is not None] + [Decimal(target)]
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) / 10
    low, high = low - pad, high + pad

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / max(len(series), 1))

    def y(v) -> float:
        return top + plot_h * float((high - Decimal(v)) / (high - low))

    desc = "; ".join(f"{label}: {'no value' if v is None else f'{v} {unit}'.strip()}"
                     f"{'' if met is None else (' (met)' if met else ' (missed)')}" for label, v, met in series)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="portal-chart">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">Target {escape(str(target))} {escape(unit)}. {escape(desc)}</desc>',
             f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#dfe1e2"/>']
    for frac in (0, 0.5, 1):
        v = high - (high - low) * Decimal(str(frac))
        yy = top + plot_h * frac
        parts.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="#3d4551">{v.quantize(Decimal("0.1"))}</text>')
    ty = y(target)
    parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#1a4480" '
                 f'stroke-width="1.5" stroke-dasharray="6 4"/>')
    parts.append(f'<text x="{left + plot_w - 4}" y="{ty - 5:.1f}" font-size="11" text-anchor="end" '
                 f'fill="#1a4480">Target {escape(str(target))}</text>')
    points = [(x(i), y(v)) for i, (_, v, _) in enumerate(series) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#565c65" stroke-width="2"/>')
    for i, (label, v, met) in enumerate(series):
        xx = x(i)
        if i % max(1, len(series) // 6) == 0 or i == len(series) - 1:
            parts.append(f'<text x="{xx:.1f}" y="{height - 20}" font-size="11" text-anchor="middle" '
                         f'fill="#3d4551">{escape(label)}</text>')
        if v is None:
            continue
        yy = y(v)
        if met is False:
            parts.append(f'<path d="M{xx - 5:.1f},{yy - 5:.1f} L{xx + 5:.1f},{yy + 5:.1f} M{xx - 5:.1f},'
                         f'{yy + 5:.1f} L{xx + 5:.1f},{yy - 5:.1f}" stroke="#b50909" stroke-width="2.5"/>')
        else:
            parts.append(f'<circle cx="{xx:.1f}" cy="{yy:.1f}" r="4.5" fill="#00a91c" stroke="#ffffff"/>')
    parts.append(f'<text x="{left}" y="{height - 4}" font-size="11" fill="#3d4551">'
                 f'● met   ✕ missed   - - target</text>')
    parts.append("</svg>")
    return "".join(parts)
