"""Ten years of monthly performance submissions per contract, shaped like the demo's.

Per contract: payment terms, four functional areas, 25 KPIs (the demo sector's indicators, each
measured at five sites), and one submission a month. The current month is a draft, the one before
is submitted for review, the one before that reviewed; older months are countersigned with their
review decisions and a payment statement computed by the payment engine itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from portal.demo.performance import BANDS, RATCHETS, SETUP
from portal.performance import paymech as pm
from portal.performance.models import (
    FailureEvent,
    FunctionalArea,
    Kpi,
    Measurement,
    PaymentStatement,
    PaymentTerms,
    ReviewDecision,
    Submission,
)

ORDER = 30
DEMO_OF_SECTOR = {"health": "NSH", "transport": "M7", "water": "WTP"}
SITES = {"health": ["main block", "outpatients", "theatres", "ward block", "energy centre"],
         "transport": ["northbound", "southbound", "toll plaza", "junctions", "depot"],
         "water": ["intake", "membrane hall", "UV hall", "pumping station", "sludge line"]}


def estimate(plan) -> int:
    per_month = plan.kpis_per_contract * 2 + 3 * 2 + 4
    return plan.contracts * (plan.months * per_month + plan.kpis_per_contract + 5)


def _month_at(month: date, days: float) -> datetime:
    return datetime(month.year, month.month, 1, 9, tzinfo=UTC) + timedelta(days=days)


def _framework(ctx, contract: dict) -> tuple[pm.Terms, list[dict], list[dict], dict]:
    writer = ctx.writer
    annual, rate, point_value, cap, areas, kpis, criteria = SETUP[DEMO_OF_SECTOR[contract["sector"]]]
    writer.add(PaymentTerms, {
        "contract_id": contract["id"], "effective_from": contract["start_date"],
        "annual_unitary_charge": Decimal(annual), "area_rate": Decimal(rate), "calibration_factor": Decimal(1),
        "used_factor": Decimal("0.5"), "repetition": RATCHETS, "points_threshold": 20,
        "point_value": Decimal(point_value), "bands": BANDS, "cap_percent": Decimal(cap), "warning_points": 300,
        "default_points": 600, "rolling_months": 6, "submission_deadline_days": 10, "visibility": "partners",
        "version": 1, "created_at": ctx.shared["start"]},
        summary=f"Payment terms from {contract['start_date'].isoformat()}")
    area_rows = [writer.add(FunctionalArea, {
        "contract_id": contract["id"], "name": name, "weighting": Decimal(w), "operating_hours": "24 hours, every day",
        "rectification_hours": Decimal(r), "deduction_period_hours": Decimal(p), "visibility": "partners",
        "version": 1}, summary=name, at=ctx.shared["start"]) for name, w, r, p in areas]
    kpi_rows, ranges = [], {}
    sites = SITES[contract["sector"]]
    for position in range(ctx.plan.kpis_per_contract):
        code, name, unit, target, direction, category, points, public, bounds = kpis[position % len(kpis)]
        site = sites[(position // len(kpis)) % len(sites)]
        number = position // len(kpis) + 1
        row = writer.add(Kpi, {
            "contract_id": contract["id"], "code": f"{code[:2]}{number}" if number > 1 else code,
            "name": f"{name} ({site})", "description": "", "unit": unit, "target": Decimal(target),
            "direction": direction, "category": category, "failure_points": points,
            "public": public, "visibility": "public" if public else "partners", "position": position,
            "measurement_method": "Monthly, from the operator's management systems, sampled by the authority.",
            "evidence_expected": "System export and monthly service report (PDF)", "frequency": "monthly",
            "objective": "", "version": 1}, summary=f"{code} {name} ({site})", at=ctx.shared["start"])
        kpi_rows.append(row)
        ranges[row["id"]] = bounds
    terms = pm.Terms(
        monthly_unitary_charge=pm.money(Decimal(annual) / 12), area_rate=Decimal(rate),
        areas={a["name"]: pm.Area(a["name"], pm.plain(a["weighting"]), pm.plain(a["rectification_hours"]),
                                  pm.plain(a["deduction_period_hours"])) for a in area_rows},
        used_factor=Decimal("0.5"), repetition=tuple(pm.Ratchet(r["after"], Decimal(r["multiplier"])) for r in RATCHETS),
        points_threshold=20, point_value=Decimal(point_value),
        bands=tuple(pm.Band(b["from"], b["to"], Decimal(b["multiplier"])) for b in BANDS),
        cap_percent=Decimal(cap), currency=contract["currency"])
    return terms, area_rows, kpi_rows, {"ranges": ranges, "criteria": criteria}


def _status(age: int) -> str:
    return {0: "draft", 1: "submitted", 2: "accepted"}.get(age, "countersigned")


def _decide(ctx, sub: dict, line_type: str, line_id, decision: str, actor: dict, at: datetime, comment=""):
    ctx.writer.add(ReviewDecision, {
        "contract_id": sub["contract_id"], "submission_id": sub["id"], "line_type": line_type, "line_id": line_id,
        "decision": decision, "comment": comment, "actor_id": actor["id"], "created_at": at,
        "visibility": "partners"}, summary=f"{decision} on {line_type} {line_id or ''}".strip())


def _month(ctx, rng, contract, framework, month: date, age: int, previous_events: list) -> list:
    terms, area_rows, kpi_rows, extra = framework
    people = ctx.shared["members"][contract["id"]]
    writer, status = ctx.writer, _status(age)
    submitted_at = _month_at(month, rng.choice((33, 36, 38, 44)))
    due_on = month + relativedelta(months=1) + timedelta(days=9)
    signed = status == "countersigned"
    approved, countersigned = submitted_at + timedelta(days=7), submitted_at + timedelta(days=9)
    sub = writer.add(Submission, {
        "contract_id": contract["id"], "month": month, "status": status, "due_on": due_on,
        "submitted_at": None if status == "draft" else submitted_at,
        "submitted_by_id": None if status == "draft" else people["operator_manager"]["id"],
        "late": status != "draft" and submitted_at.date() > due_on, "late_notified_at": None,
        "resubmissions": 0, "approved_at": approved if signed else None,
        "approved_by_id": people["public_manager"]["id"] if signed else None,
        "countersigned_at": countersigned if signed else None,
        "countersigned_by_id": people["operator_manager"]["id"] if signed else None,
        "visibility": "partners", "version": 1,
        "created_at": _month_at(month, 0)}, summary=f"Submission for {month:%B %Y}")
    settled = status in ("accepted", "countersigned")
    line_status = "accepted" if settled else "pending"
    reviewed_at = submitted_at + timedelta(days=3)
    points, kpis_data = 0, []
    for kpi in kpi_rows:
        low, high = extra["ranges"][kpi["id"]]
        value = Decimal(str(round(rng.uniform(low, high), 2)))
        met = pm.kpi_met(value, kpi["target"], kpi["direction"])
        points += 0 if met else kpi["failure_points"]
        line = writer.add(Measurement, {
            "contract_id": contract["id"], "submission_id": sub["id"], "kpi_id": kpi["id"], "value": value,
            "note": "From the monthly service report.", "status": line_status, "review_comment": "",
            "visibility": "partners", "version": 1},
            summary=f"{kpi['code']} for {month:%B %Y}: {value}", at=_month_at(month, 30))
        kpis_data.append({"code": kpi["code"], "name": kpi["name"], "unit": kpi["unit"], "target": str(kpi["target"]),
                          "direction": kpi["direction"], "value": str(value), "met": met, "status": line_status,
                          "failure_points": kpi["failure_points"]})
        if settled:
            _decide(ctx, sub, "measurement", line["id"], "accept", people["public_manager"], reviewed_at)
    events = []
    for _ in range(rng.randint(1, 5)):
        area = rng.choice(area_rows)
        reported = _month_at(month, rng.randint(0, 26)) + timedelta(hours=rng.randint(0, 12), minutes=rng.choice((0, 15, 30, 45)))
        excused = rng.random() < 0.1
        row = writer.add(FailureEvent, {
            "contract_id": contract["id"], "submission_id": sub["id"], "reference": f"HD-{rng.randint(10000, 99999)}",
            "area_id": area["id"], "kpi_id": None, "criterion": rng.choice(extra["criteria"]), "reported_at": reported,
            "rectified_at": reported + timedelta(minutes=rng.randint(30, 480)), "used": rng.random() < 0.4,
            "excuse_claimed": "Third-party power cut" if excused else "",
            "status": ("excused" if excused else "accepted") if settled else "pending",
            "review_comment": "Grid operator confirmed the outage." if excused and settled else "",
            "visibility": "partners", "version": 1}, at=reported)
        events.append(pm.Event(area=area["name"], criterion=row["criterion"], reported_at=reported,
                               rectified_at=row["rectified_at"], used=row["used"], deductible=not (excused and settled),
                               reason="Excusing cause accepted: Grid operator confirmed the outage." if excused and settled else "",
                               ref=row["reference"]))
        if settled:
            _decide(ctx, sub, "event", row["id"], "excuse" if excused else "accept", people["public_manager"],
                    reviewed_at, "Grid operator confirmed the outage." if excused else "")
    if status != "draft":
        _decide(ctx, sub, "submission", sub["id"], "submit", people["operator_manager"], submitted_at,
                "Late" if sub["late"] else "")
    if signed:
        _statement(ctx, contract, sub, terms, previous_events + events, points, kpis_data, approved, countersigned)
    return events


def _statement(ctx, contract, sub, terms, events, points, kpis_data, approved, countersigned) -> None:
    people = ctx.shared["members"][contract["id"]]
    data = pm.calculate(terms, events, points, sub["month"])
    data.update(contract=contract["code"], kpis=kpis_data, approved_by=people["public_manager"]["name"],
                approved_at=approved.isoformat(), revision=1, countersigned_by=people["operator_manager"]["name"],
                countersigned_at=countersigned.isoformat())
    net = Decimal(data["net_payment"])
    ctx.writer.add(PaymentStatement, {
        "contract_id": contract["id"], "submission_id": sub["id"], "revision": 1, "superseded_at": None,
        "correction_reason": "", "corrected_by_id": None, "month": sub["month"], "data": data,
        "net_payment": net, "total_deduction": Decimal(data["total_deduction"]), "frozen": True,
        "created_at": approved, "visibility": "partners"},
        summary=f"Statement {sub['month']:%Y-%m} revision 1: net {net}")
    _decide(ctx, sub, "submission", sub["id"], "approve", people["public_manager"], approved)
    _decide(ctx, sub, "submission", sub["id"], "countersign", people["operator_manager"], countersigned)


def generate(ctx) -> str:
    plan, now = ctx.plan, ctx.now
    current = date(now.year, now.month, 1)
    made = 0
    for contract in ctx.shared["contracts"]:
        rng = ctx.rng(f"performance:{contract['code']}")
        framework = _framework(ctx, contract)
        previous: list = []
        for age in range(plan.months - 1, -1, -1):
            month = current - relativedelta(months=age)
            previous = _month(ctx, rng, contract, framework, month, age, previous)
            made += 1
    return f"Generated: {made} monthly submissions with {made * plan.kpis_per_contract} measurements."
