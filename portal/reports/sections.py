"""The registry of report sections: each feature contributes a snapshot function and a template.

A section's `snapshot(contract, start, end)` returns plain JSON data (frozen in the report at
creation) or None when there is nothing to report; its template renders that data both in the
HTML preview and in the PDF. Sections whose feature is not installed are absent, never faked."""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import markdown as markdown_lib
import nh3
from markupsafe import Markup


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


# ---- Markdown, sanitised ------------------------------------------------------------------

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "hr", "a"}


def markdown_html(text: str) -> Markup:
    """Officials' Markdown as safe HTML: no images, styles, links to load, scripts or raw tags."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"},
                      link_rel="noopener noreferrer", strip_comments=True)
    return Markup(clean)


# ---- Built-in sections -----------------------------------------------------------------------


def _summary_snapshot(contract, start, end):
    from portal.contracts.models import Contract  # noqa: F401  (typed for readers)

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


def _module_exists(name: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            return False
    return check


def _performance_snapshot(contract, start, end):
    """Public KPIs only (the performance feature's `public_only`), months whose review is finished."""
    figures = importlib.import_module("portal.performance.figures")
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
    figures = importlib.import_module("portal.performance.figures")
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


def _feedback_snapshot(contract, start, end):
    figures = importlib.import_module("portal.feedback.figures")
    data = freeze(figures.feedback_figures(contract, start, end))
    return data or None


register_report_section(SectionKind(
    "summary", "Summary", "reports/sections/_summary.html", _summary_snapshot, order=10,
    description="The contract, its parties, the period and headline figures."))
register_report_section(SectionKind(
    "performance", "Performance", "reports/sections/_performance.html", _performance_snapshot, order=20,
    description="Public KPI results, trends, availability, deductions and net payments.",
    available=_module_exists("portal.performance.figures")))
register_report_section(SectionKind(
    "payments", "Payments and deductions", "reports/sections/_payments.html", _payments_snapshot, order=25,
    description="Monthly deductions, net payments and rolling points. Partners' information: published only "
                "when you choose this section.", default=False,
    available=_module_exists("portal.performance.figures")))
register_report_section(SectionKind(
    "feedback", "Community feedback", "reports/sections/_feedback.html", _feedback_snapshot, order=30,
    description="Feedback volumes, on-time acknowledgement and response, satisfaction and appeals.",
    available=_module_exists("portal.feedback.figures")))
register_report_section(SectionKind(
    "narrative", "Commentary", "reports/sections/_narrative.html", _narrative_snapshot, order=80,
    description="The officials' own commentary (Markdown)."))
register_report_section(SectionKind(
    "methodology", "Methodology", "reports/sections/_methodology.html", _methodology_snapshot, order=90,
    description="How the figures were produced and what they leave out."))
