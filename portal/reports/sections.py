"""The registry of report sections: each feature contributes a snapshot function and a template.

A section's `snapshot(contract, start, end)` returns plain JSON data (frozen in the report at
creation) or None when there is nothing to report; its template renders that data both in the
HTML preview and in the PDF. Sections whose feature is not installed are absent, never faked."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal import access
from portal.extensions import db
from portal.feedback import figures as feedback_figures
from portal.feedback.models import Feedback
from portal.performance import figures as performance_figures
from portal.performance.models import Kpi


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str
    template: str
    snapshot: Callable  # (contract, start, end) -> dict | None
    order: int = 50
    description: str = ""
    default: bool = True
    available: Callable[[], bool] = lambda: True
    # Sections whose items an official chooses: candidates(contract, start, end) -> list of dicts
    # (kind, ref_id, label, group, visibility, restricted, detail); `snapshot` then also takes
    # `items=` (the chosen ones: kind, ref_id, release), and `default_items` picks the initial choice.
    candidates: Callable | None = None
    default_items: Callable | None = None


_REGISTRY: dict[str, SectionKind] = {}


def register_report_section(kind: SectionKind) -> None:
    _REGISTRY[kind.key] = kind


def available_sections() -> list[SectionKind]:
    return sorted((k for k in _REGISTRY.values() if k.available()), key=lambda k: (k.order, k.key))


def get_section(key: str) -> SectionKind | None:
    kind = _REGISTRY.get(key)
    return kind if kind is not None and kind.available() else None


# ---- JSON freezing ------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


def freeze(data):
    """A JSON-safe deep copy: what was true at creation, whatever changes later."""
    return json.loads(json.dumps(data, default=_plain))


# ---- Built-in sections -----------------------------------------------------------------------


def _summary_snapshot(contract, start, end):

    months = max(1, (end.year - start.year) * 12 + end.month - start.month + 1)
    return {
        "code": contract.code,
        "title": contract.title,
        "sector": contract.sector_label,
        "location": contract.location,
        "status": contract.status_label,
        "government": contract.government_org.name,
        "operator": contract.operator_org.name,
        "term_start": contract.start_date.isoformat(),
        "term_end": contract.end_date.isoformat(),
        "currency": contract.currency,
        "monthly_unitary_charge_minor": contract.monthly_unitary_charge_minor,
        "period_months": months,
        "period_unitary_charge_minor": contract.monthly_unitary_charge_minor * months,
        "deduction_cap_percent": str(contract.deduction_cap_percent),
        "public_summary": contract.public_summary,
    }


def _narrative_snapshot(contract, start, end):
    return {}  # the text lives on the report and stays editable until publication


def _methodology_snapshot(contract, start, end):
    return {"response_working_days": contract.response_working_days,
            "ack_working_days": contract.ack_working_days, "time_zone": contract.time_zone}


def _performance_snapshot(contract, start, end):
    """Public KPIs only (the performance feature's `public_only`), months whose review is finished."""
    figures = performance_figures
    data = figures.performance_figures(contract, start, end, public_only=True)
    if not data or not data.get("kpis"):
        return None
    kpis = []
    for n, kpi in enumerate(data["kpis"]):
        series = [(label, _normal(value), met) for label, value, met in figures.kpi_series(data, kpi["code"])]
        measured = [met for _label, value, met in series if value is not None]
        latest = next((value for _label, value, _met in reversed(series) if value is not None), None)
        svg = ""
        if measured and kpi.get("target") is not None:
            svg = figures.kpi_trend_svg(series, _normal(kpi["target"]), title=f"{kpi['code']} {kpi['name']} by month",
                                        unit=kpi.get("unit") or "", chart_id=f"kpi-{contract.code}-{n}")
        kpis.append({**kpi, "measured": len(measured), "met": sum(1 for m in measured if m),
                     "latest": latest, "chart_svg": svg})
    months = [{"label": m["label"], "availability_percent": m.get("availability_percent"),
               "met": sum(1 for k in m["kpis"] if k["met"]), "measured": sum(1 for k in m["kpis"] if k["value"] is not None)}
              for m in data["months"]]
    availability = [Decimal(str(m["availability_percent"])) for m in months if m["availability_percent"] is not None]
    return freeze({"kpis": kpis, "months": months,
                   "average_availability": str((sum(availability) / len(availability)).quantize(Decimal("0.01")))
                   if availability else None})


def _normal(value):
    if value is None:
        return None
    return Decimal(f"{Decimal(str(value)).normalize():f}")


def _payments_snapshot(contract, start, end):
    """Deductions, net payments and rolling points: only when an official chooses this section."""
    figures = performance_figures
    data = figures.performance_figures(contract, start, end, public_only=False)
    rows = [{"label": m["label"], "status": m.get("status_label"), "points": m.get("points"),
             "rolling_points": m.get("rolling_points"), "deduction": m.get("total_deduction"),
             "net_payment": m.get("net_payment")}
            for m in data.get("months", []) if m.get("statement_final")]
    if not rows:
        return None
    total_deductions = sum((Decimal(str(r["deduction"] or 0)) for r in rows), Decimal(0))
    total_net = sum((Decimal(str(r["net_payment"] or 0)) for r in rows), Decimal(0))
    return freeze({"currency": contract.currency, "months": rows, "total_deductions": total_deductions,
                   "total_net_payment": total_net, "rolling_window": data.get("rolling_window"),
                   "warning_points": data.get("warning_points"), "default_points": data.get("default_points")})


def _chosen(items, kind: str) -> dict[int, dict]:
    return {int(i["ref_id"]): i for i in (items or []) if i.get("kind") == kind}


def _feedback_candidates(contract, start, end) -> list[dict]:
    """Moderated feedback received in the period: its public text, never the original. Sensitive
    grievances are never candidates. Items no longer on the public board are `restricted`."""


    low = datetime(start.year, start.month, start.day, tzinfo=UTC) - timedelta(days=1)
    high = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=2)
    rows = db.session.execute(
        sa.select(Feedback, access.public_board_clause(Feedback, text_shown=True).label("public"))
        .where(Feedback.contract_id == contract.id, Feedback.sensitive.is_(False),
               Feedback.public_text != "", Feedback.received_at >= low, Feedback.received_at < high)
        .order_by(Feedback.received_at.desc(), Feedback.id.desc()).limit(200))
    out = []
    for f, public in rows:
        local = f.received_at.date()
        if not (start <= local <= end):
            continue
        out.append({"kind": "feedback", "ref_id": f.id, "label": f"{f.reference}: {_clip(f.public_text, 90)}",
                    "group": f.kind_label, "visibility": f.visibility if not f.hidden_reason else "hidden",
                    "restricted": not public, "detail": f.category_name})
    return out


def _clip(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _feedback_examples(contract, start, end, items) -> list[dict]:
    chosen = _chosen(items, "feedback")
    if not chosen:
        return []


    examples = []
    for f, public in db.session.execute(
            sa.select(Feedback, access.public_board_clause(Feedback, text_shown=True).label("public"))
            .where(Feedback.contract_id == contract.id, Feedback.id.in_(sorted(chosen)))
            .order_by(Feedback.received_at, Feedback.id)):
        if f.sensitive or not f.public_text:
            continue  # never: sensitive grievances, or text nobody has moderated
        if not public and not chosen[f.id].get("release"):
            continue
        examples.append({"reference": f.reference, "received": f.received_at.date().isoformat(),
                         "kind": f.kind_label, "category": f.category_name, "text": f.public_text,
                         "response": f.public_response, "status": f.status_label,
                         "released": not public})
    return examples


def _feedback_snapshot(contract, start, end, items=None):
    figures = feedback_figures
    data = freeze(figures.feedback_figures(contract, start, end))
    if not data:
        return None
    data["examples"] = freeze(_feedback_examples(contract, start, end, items))
    return data


# ---- Social impact (triple bottom line) -------------------------------------------------------

IMPACT_CATEGORIES = {"social": "Social", "environmental": "Environmental", "financial": "Economic and financial"}


def _impact_kpis(contract) -> list:


    return list(db.session.scalars(sa.select(Kpi).where(Kpi.contract_id == contract.id,
                                                        Kpi.category.in_(list(IMPACT_CATEGORIES)))
                                   .order_by(Kpi.position, Kpi.code)))


def _kpi_is_public(kpi) -> bool:
    return bool(kpi.public) and kpi.visibility == "public"


def _impact_candidates(contract, start, end) -> list[dict]:
    return [{"kind": "kpi", "ref_id": k.id, "label": f"{k.code} {k.name}", "group": IMPACT_CATEGORIES[k.category],
             "visibility": "public" if _kpi_is_public(k) else k.visibility, "restricted": not _kpi_is_public(k),
             "detail": f"target {_normal(k.target)} {k.unit}".strip()} for k in _impact_kpis(contract)]


def _impact_defaults(contract, start, end) -> list[dict]:
    """At first, the public indicators; restricted ones only when an official releases them."""
    return [c for c in _impact_candidates(contract, start, end) if not c["restricted"]]


def _impact_snapshot(contract, start, end, items=None):
    """Social, environmental and economic KPIs (the performance feature's categories) with their
    results in reviewed months. None when the contract has no such KPIs (the section is absent)."""
    kpis = _impact_kpis(contract)
    if not kpis:
        return None
    chosen = _chosen(items if items is not None else _impact_defaults(contract, start, end), "kpi")
    included = [k for k in kpis if k.id in chosen and (_kpi_is_public(k) or chosen[k.id].get("release"))]
    groups: dict[str, list] = {label: [] for label in IMPACT_CATEGORIES.values()}
    if included:
        figures = performance_figures
        data = figures.performance_figures(contract, start, end, public_only=False)
        reviewed = [m for m in data.get("months", []) if m.get("status") in ("approved", "countersigned")]
        for n, kpi in enumerate(included):
            series = []
            for month in reviewed:
                value = next((k for k in month["kpis"] if k["code"] == kpi.code), None)
                series.append((month["label"], _normal(value["value"]) if value else None,
                               value["met"] if value else None))
            measured = [met for _label, value, met in series if value is not None]
            latest = next((value for _label, value, _met in reversed(series) if value is not None), None)
            svg = ""
            if measured:
                svg = figures.kpi_trend_svg(series, _normal(kpi.target), title=f"{kpi.code} {kpi.name} by month",
                                            unit=kpi.unit or "", chart_id=f"impact-{contract.code}-{n}")
            groups[IMPACT_CATEGORIES[kpi.category]].append({
                "code": kpi.code, "name": kpi.name, "unit": kpi.unit, "target": _normal(kpi.target),
                "direction": kpi.direction, "objective": kpi.objective, "measured": len(measured),
                "met": sum(1 for m in measured if m), "latest": latest, "chart_svg": svg,
                "released": not _kpi_is_public(kpi)})
    return freeze({"groups": [{"category": label, "kpis": rows} for label, rows in groups.items() if rows],
                   "not_published": len(kpis) - len(included)})


register_report_section(SectionKind(
    "summary", "Summary", "reports/sections/_summary.html", _summary_snapshot, order=10,
    description="The contract, its parties, the period and headline figures."))
register_report_section(SectionKind(
    "performance", "Performance", "reports/sections/_performance.html", _performance_snapshot, order=20,
    description="Public KPI results, trends, availability, deductions and net payments."))
register_report_section(SectionKind(
    "payments", "Payments and deductions", "reports/sections/_payments.html", _payments_snapshot, order=25,
    description="Monthly deductions, net payments and rolling points. Partners' information: published only "
                "when you choose this section.", default=False))
register_report_section(SectionKind(
    "feedback", "Community feedback", "reports/sections/_feedback.html", _feedback_snapshot, order=30,
    description="Feedback volumes, on-time acknowledgement and response, satisfaction, appeals and examples "
                "you choose from the public board.", candidates=_feedback_candidates))
register_report_section(SectionKind(
    "impact", "Social impact (triple bottom line)", "reports/sections/_impact.html", _impact_snapshot, order=40,
    description="Social, environmental and economic indicators with their results, and your narrative.", candidates=_impact_candidates,
    default_items=_impact_defaults))
register_report_section(SectionKind(
    "narrative", "Commentary", "reports/sections/_narrative.html", _narrative_snapshot, order=80,
    description="The officials' own commentary (Markdown)."))
register_report_section(SectionKind(
    "methodology", "Methodology", "reports/sections/_methodology.html", _methodology_snapshot, order=90,
    description="How the figures were produced and what they leave out."))
