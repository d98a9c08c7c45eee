"""Rules for managing a contract's performance framework: payment terms (versioned by effective
date), functional areas and KPIs, and which KPIs the public sees. Views pass plain values (already
parsed Decimals and ints); a broken rule raises FieldError naming the form field to blame."""

from __future__ import annotations

import re
from decimal import Decimal

import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.performance import paymech as pm
from portal.performance.errors import FieldError
from portal.performance.models import FunctionalArea, Kpi, PaymentTerms
from portal.performance.months import next_month
from portal.performance.queries import last_settled_month, settled_months_under, terms_versions

TERMS_FIELDS = ("effective_from", "annual_unitary_charge", "area_rate", "calibration_factor", "used_factor",
                "repetition", "points_threshold", "point_value", "bands", "cap_percent", "warning_points",
                "default_points", "rolling_months", "submission_deadline_days")
AREA_FIELDS = ("name", "weighting", "operating_hours", "rectification_hours", "deduction_period_hours")
KPI_FIELDS = ("code", "name", "description", "unit", "target", "direction", "measurement_method",
              "evidence_expected", "frequency", "category", "objective", "failure_points", "public", "position")
NEW_TERMS = {"calibration_factor": "1", "used_factor": "0.5", "points_threshold": 20, "rolling_months": 6,
             "submission_deadline_days": 10}
NEW_AREA = {"operating_hours": "24 hours, every day", "rectification_hours": "2", "deduction_period_hours": "1"}
NEW_KPI = {"unit": "%", "direction": "higher", "category": "service_quality", "frequency": "monthly",
           "failure_points": 10}


# ---- reading ------------------------------------------------------------------------------


def terms_locked(terms: PaymentTerms) -> bool:
    return bool(settled_months_under(terms))


def terms_standing(versions: list[PaymentTerms], in_force: PaymentTerms | None) -> dict[int, str]:
    """terms id -> "in force", "future" (takes effect later) or "replaced" (a later version is in force)."""
    standing = {}
    for terms in versions:
        if in_force is not None and terms.id == in_force.id:
            standing[terms.id] = "in force"
        elif in_force is None or terms.effective_from > in_force.effective_from:
            standing[terms.id] = "future"
        else:
            standing[terms.id] = "replaced"
    return standing


# ---- text forms of the JSON lists ---------------------------------------------------------

_SEP = r"\s*(?:[x×*:=]|\s)\s*"
_RATCHET = re.compile(r"^\s*(\d+)" + _SEP + r"(\d+(?:\.\d+)?)\s*$", re.IGNORECASE)
_BAND = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+)?|\+)?" + _SEP + r"(\d+(?:\.\d+)?)\s*$", re.IGNORECASE)


def format_repetition(items: list) -> str:
    return "\n".join(f"{r['after']} × {r['multiplier']}" for r in items or [])


def format_bands(items: list) -> str:
    return "\n".join(f"{b['from']}-{'' if b.get('to') is None else b['to']} × {b['multiplier']}"
                     for b in items or [])


def parse_repetition(text: str) -> list[dict]:
    items, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _RATCHET.match(line)
        if not match:
            problems.append(f"line {number} (“{line.strip()}”) is not “failures × multiplier”, e.g. “4 × 1.5”")
            continue
        items.append({"after": int(match[1]), "multiplier": str(pm.plain(Decimal(match[2])))})
    if not problems:
        afters = [i["after"] for i in items]
        if afters != sorted(set(afters)):
            problems.append("give each ratchet once, the smallest number of failures first")
    if problems:
        raise FieldError("repetition", "Repetition ratchets: " + "; ".join(problems) + ".")
    return items


def parse_bands(text: str, threshold: int) -> list[dict]:
    items, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _BAND.match(line)
        if not match:
            problems.append(f"line {number} (“{line.strip()}”) is not “from-to × multiplier”, e.g. “21-100 × 1.0”")
            continue
        start, end = int(match[1]), (int(match[2]) if match[2] else None)
        if end is not None and end < start:
            problems.append(f"line {number}: the band ends before it starts")
        items.append({"from": start, "to": end, "multiplier": str(pm.plain(Decimal(match[3])))})
    if not problems and items:
        if items[0]["from"] <= threshold:
            problems.append(f"the first band must start above the threshold ({threshold} points)")
        for before, after in zip(items, items[1:], strict=False):
            if before["to"] is None or after["from"] <= before["to"]:
                problems.append(f"the band from {after['from']} overlaps the one before it; list bands in order")
                break
    if problems:
        raise FieldError("bands", "Bands: " + "; ".join(problems) + ".")
    return items


# ---- terms --------------------------------------------------------------------------------


def save_terms(contract, terms: PaymentTerms | None, values: dict) -> PaymentTerms:
    """A new terms version (terms None) or a change to one no settled period was assessed against."""
    effective = values["effective_from"]
    if effective.day != 1:
        raise FieldError("effective_from", "Terms take effect on the first day of a month; a period uses "
                                           "the terms in force on its first day.")
    if terms is not None and terms_locked(terms):
        months = ", ".join(m.strftime("%b %Y") for m in settled_months_under(terms))
        raise FieldError(None, f"These terms were used for settled periods ({months}); they cannot be edited. "
                               "Add a new version with a later effective date instead.")
    settled = last_settled_month(contract)
    if settled is not None and effective <= settled:
        raise FieldError("effective_from", f"{settled:%B %Y} is already settled; new terms can take effect "
                                           f"from {next_month(settled):%B %Y} at the earliest.")
    clash = db.session.scalar(sa.select(PaymentTerms).where(
        PaymentTerms.contract_id == contract.id, PaymentTerms.effective_from == effective))
    if clash is not None and clash is not terms:
        raise FieldError("effective_from", f"Terms already take effect on {effective:%d %B %Y}; edit those "
                                           "or choose another month.")
    warning, default = values.get("warning_points"), values.get("default_points")
    if warning is not None and default is not None and default <= warning:
        raise FieldError("default_points", "The default threshold must be above the warning threshold.")
    if terms is None:
        terms = PaymentTerms(contract_id=contract.id)
        db.session.add(terms)
    for name in TERMS_FIELDS:
        setattr(terms, name, values[name])
    db.session.flush()
    return terms


def terms_defaults(contract) -> dict:
    """Start a new version from the latest one, effective from the month after the last settled one."""
    latest = (terms_versions(contract) or [None])[0]
    settled = last_settled_month(contract)
    this_month = clock.today().replace(day=1)
    effective = max(next_month(settled) if settled else this_month,
                    next_month(latest.effective_from) if latest else this_month)
    if latest is None:
        return {**NEW_TERMS, "effective_from": effective}
    return {**terms_form_data(latest), "effective_from": effective}


def terms_form_data(terms: PaymentTerms) -> dict:
    return {
        "effective_from": terms.effective_from, "annual_unitary_charge": _text(terms.annual_unitary_charge, 2),
        "area_rate": _text(terms.area_rate), "calibration_factor": _text(terms.calibration_factor),
        "used_factor": _text(terms.used_factor), "repetition": format_repetition(terms.repetition),
        "points_threshold": terms.points_threshold, "point_value": _text(terms.point_value, 2),
        "bands": format_bands(terms.bands), "cap_percent": _text(terms.cap_percent),
        "warning_points": terms.warning_points, "default_points": terms.default_points,
        "rolling_months": terms.rolling_months, "submission_deadline_days": terms.submission_deadline_days,
        "version": terms.version,
    }


def _text(value, places: int | None = None) -> str:
    if value is None:
        return ""
    if places is not None:
        return format(pm.money(Decimal(value), places), "f")
    return format(pm.plain(Decimal(value)), "f")


# ---- areas and KPIs -----------------------------------------------------------------------


def save_area(contract, area: FunctionalArea | None, values: dict) -> FunctionalArea:
    name = values["name"].strip()
    clash = db.session.scalar(sa.select(FunctionalArea).where(
        FunctionalArea.contract_id == contract.id, sa.func.lower(FunctionalArea.name) == name.lower()))
    if clash is not None and clash is not area:
        raise FieldError("name", f"{contract.code} already has an area called “{clash.name}”.")
    if area is None:
        area = FunctionalArea(contract_id=contract.id)
        db.session.add(area)
    for field in AREA_FIELDS:
        setattr(area, field, values[field])
    area.name = name
    db.session.flush()
    return area


def area_form_data(area: FunctionalArea | None) -> dict:
    if area is None:
        return dict(NEW_AREA)
    return {"name": area.name, "weighting": _text(area.weighting), "operating_hours": area.operating_hours,
            "rectification_hours": _text(area.rectification_hours),
            "deduction_period_hours": _text(area.deduction_period_hours), "version": area.version}


def save_kpi(contract, kpi: Kpi | None, values: dict) -> Kpi:
    code = values["code"].strip().upper()
    clash = db.session.scalar(sa.select(Kpi).where(Kpi.contract_id == contract.id, sa.func.upper(Kpi.code) == code))
    if clash is not None and clash is not kpi:
        raise FieldError("code", f"{contract.code} already has a KPI {clash.code} ({clash.name}).")
    if kpi is None:
        kpi = Kpi(contract_id=contract.id)
        db.session.add(kpi)
    for field in KPI_FIELDS:
        if field != "public":
            setattr(kpi, field, values[field])
    kpi.code = code
    set_kpi_public(kpi, bool(values["public"]))
    db.session.flush()
    return kpi


def set_kpi_public(kpi: Kpi, public: bool) -> None:
    """An official's decision: a public KPI's monthly results appear on the public contract page."""
    kpi.public = public
    kpi.visibility = "public" if public else "partners"


def kpi_form_data(kpi: Kpi | None, position: int = 1) -> dict:
    """The form's starting values: the KPI's, or for a new one the usual ones at `position`."""
    if kpi is None:
        return {**NEW_KPI, "position": position}
    data = {field: getattr(kpi, field) for field in KPI_FIELDS}
    data["target"] = _text(kpi.target)
    data["version"] = kpi.version
    return data
