"""What a month costs: the payment engine (paymech) fed from the reviewed record, and the
statement's downloadable forms (CSV, JSON)."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

from portal import tabular
from portal.panels import excusals_for
from portal.performance import paymech as pm
from portal.performance import queries
from portal.performance.errors import PerformanceError
from portal.performance.models import FailureEvent, PaymentStatement, Submission
from portal.performance.months import previous_month
from portal.performance.terms_sources import statement_sources

NOT_DEDUCTED = {"excused": "Excusing cause accepted", "waived": "Deduction waived"}
CSV_HEADER = ["contract", "month", "currency", "line", "reference", "area", "criterion", "deduction_periods",
              "used_factor", "repetition_multiplier", "amount"]
CSV_TOTALS = ("monthly_unitary_charge", "availability_deduction", "performance_deduction", "total_deduction",
              "net_payment")


def engine_terms(contract, month: date) -> pm.Terms:
    """The terms in force for `month`, with the contract's areas, as the payment engine reads them."""
    terms = queries.terms_for(contract, month)
    if terms is None:
        raise PerformanceError(f"No payment terms are in force for {month:%B %Y}.")
    areas = {a.name: pm.Area(a.name, pm.plain(a.weighting), pm.plain(a.rectification_hours),
                             pm.plain(a.deduction_period_hours)) for a in queries.areas_of(contract)}
    if terms.area_rate is not None:
        rate = pm.plain(terms.area_rate)
    else:
        rate = pm.derive_area_rate(Decimal(terms.annual_unitary_charge), list(areas.values()), Decimal("8760"),
                                   Decimal(terms.calibration_factor))
    return pm.Terms(
        monthly_unitary_charge=terms.monthly_unitary_charge, area_rate=rate, areas=areas,
        used_factor=pm.plain(terms.used_factor),
        repetition=tuple(pm.Ratchet(int(r["after"]), Decimal(str(r["multiplier"]))) for r in terms.repetition),
        points_threshold=terms.points_threshold, point_value=Decimal(terms.point_value),
        bands=tuple(pm.Band(int(b["from"]), None if b.get("to") is None else int(b["to"]),
                            Decimal(str(b["multiplier"]))) for b in terms.bands),
        cap_percent=None if terms.cap_percent is None else Decimal(terms.cap_percent),
        currency=contract.currency,
    )


def month_points(submission: Submission) -> int:
    """Service failure points of the month: missed or rejected KPIs, and events logged against a KPI."""
    points = 0
    for m in submission.measurements:
        if m.status in NOT_DEDUCTED:
            continue
        if m.met is False or m.status == "rejected":
            points += m.kpi.failure_points
    for e in submission.events:
        if e.area_id is None and e.kpi_id is not None and e.status not in NOT_DEDUCTED:
            points += e.kpi.failure_points
    return points


def _engine_event(event: FailureEvent) -> pm.Event:
    """An event for the payment engine. One covered by an agreed relief, compensation or force
    majeure event (the changes feature registers them in portal.panels) is charged at zero."""
    reason = NOT_DEDUCTED.get(event.status)
    relief = [] if reason else excusals_for(event.contract_id, [event.area.name], event.reported_at,
                                            event.rectified_at)
    return pm.Event(area=event.area.name, criterion=event.criterion, reported_at=event.reported_at,
                    rectified_at=event.rectified_at, used=event.used, deductible=reason is None and not relief,
                    reason=(f"{reason}: {event.review_comment}" if reason
                            else (f"Excused: {relief[0].label}" if relief else "")),
                    ref=event.reference or f"E{event.id}")


def calculate_statement(contract, submission: Submission) -> dict:
    """The statement of a month from its reviewed lines (also used as a preview before approval).

    An area failure still open at the end of the previous month keeps costing into this one."""
    terms = engine_terms(contract, submission.month)
    previous = queries.get_submission(contract, previous_month(submission.month))
    events = [e for e in submission.events if e.area is not None]
    if previous is not None:
        events = [e for e in previous.events if e.area is not None] + events
    result = pm.calculate(terms, [_engine_event(e) for e in events], month_points(submission), submission.month)
    result["contract"] = contract.code
    result["terms_changed_by"] = statement_sources(queries.terms_for(contract, submission.month))
    result["kpis"] = [{
        "code": m.kpi.code, "name": m.kpi.name, "unit": m.kpi.unit, "target": str(m.kpi.target),
        "direction": m.kpi.direction, "value": None if m.value is None else str(m.value),
        "met": m.met, "status": m.status, "failure_points": m.kpi.failure_points,
    } for m in submission.measurements]
    return result


def shown_calculation(contract, submission: Submission, statement: PaymentStatement | None) -> dict | None:
    """What the month's page shows: the statement once written, else the calculation so far
    (None while it cannot be made, e.g. without terms in force)."""
    if statement is not None:
        return statement.data
    try:
        return calculate_statement(contract, submission)
    except PerformanceError:
        return None


def statement_json(statement: PaymentStatement) -> str:
    return json.dumps(dict(statement.data, frozen=statement.frozen), indent=2, ensure_ascii=False)


def statement_csv(statement: PaymentStatement) -> str:
    """One row per availability deduction, per performance band, then the totals."""
    data = statement.data
    out = io.StringIO()
    writer = tabular.writer(out)  # failure-event references are the operator's text: no formulas
    writer.writerow(CSV_HEADER)
    head = [data["contract"], data["month"], data["currency"]]
    for line in data["lines"]:
        writer.writerow([*head, "availability", line["ref"], line["area"], line["criterion"],
                         line["deduction_periods"], line["used_factor"], line["repetition_multiplier"],
                         line["amount"]])
    for band in data["performance_bands"]:
        writer.writerow([*head, "performance", f"points {band['from']}-{band['to'] or ''}", "",
                         f"{band['points']} points", "", "", band["multiplier"], band["amount"]])
    for key in CSV_TOTALS:
        writer.writerow([*head, key, "", "", "", "", "", "", data[key]])
    return out.getvalue()
