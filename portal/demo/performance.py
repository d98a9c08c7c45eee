"""A year of monthly performance submissions on the three demo contracts (Dec 2025 - Nov 2026)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import sqlalchemy as sa

from portal.extensions import db
from portal.performance import services
from portal.performance.models import FunctionalArea, Kpi, PaymentTerms
from portal.performance.months import next_month

ORDER = 30
BANDS = [{"from": 21, "to": 100, "multiplier": "1.0"}, {"from": 101, "to": 200, "multiplier": "1.2"},
         {"from": 201, "to": None, "multiplier": "1.5"}]
RATCHETS = [{"after": 4, "multiplier": "1.5"}, {"after": 8, "multiplier": "2"}]

# code: (annual charge, area rate, point value, cap, areas, kpis, criteria)
SETUP = {
    "NSH": ("5000000.04", "2.00", "3.00", "15", [
        ("Operating theatres", "30", "1", "1"), ("Emergency department", "25", "0.5", "1"),
        ("Maternity unit", "20", "2", "1"), ("Ward block B", "8", "4", "2")],
        [("AV1", "Operating theatre availability", "%", "99.5", "higher", "availability", 40, True, (99.2, 100)),
         ("HD1", "Helpdesk urgent response", "minutes", "15", "lower", "service_quality", 20, True, (8, 17)),
         ("CL1", "Cleaning audit score (very high risk areas)", "%", "98", "higher", "safety", 30, True, (96.5, 99.8)),
         ("EN1", "Energy use per bed-day", "kWh", "95", "lower", "environmental", 10, False, (84, 97)),
         ("PT1", "Porter task completed on time", "%", "95", "higher", "service_quality", 10, False, (93, 99))],
        ["Temperature out of range", "Lighting failure", "Medical gas alarm", "Door access fault"]),
    "M7": ("15000000.00", "4.50", "15.00", "20", [
        ("Lane 1 northbound", "40", "2", "1"), ("Lane 2 northbound", "30", "2", "1"),
        ("Lane 1 southbound", "40", "2", "1"), ("Toll plaza Kildangan", "20", "0.5", "1")],
        [("LA1", "Lane availability", "%", "99.0", "higher", "availability", 60, True, (98.6, 99.9)),
         ("IC1", "Incident clearance time", "minutes", "30", "lower", "safety", 40, True, (18, 34)),
         ("PT1", "Pothole repairs within 24 hours", "%", "95", "higher", "service_quality", 20, True, (91, 100)),
         ("WS1", "Winter gritting before 06:00", "%", "100", "higher", "safety", 30, False, (97, 100)),
         ("NC1", "Noise complaints answered in 10 days", "%", "90", "higher", "social", 10, False, (85, 100))],
        ["Lane closure overrun", "Carriageway defect", "Barrier damage", "Toll lane fault"]),
    "WTP": ("4620000.00", "1.20", "5.00", "12.50", [
        ("Membrane train A", "30", "4", "2"), ("Membrane train B", "30", "4", "2"),
        ("UV disinfection", "40", "1", "1"), ("Treated water pumping", "40", "1", "1")],
        [("WQ1", "Samples meeting the drinking-water standard", "%", "99.9", "higher", "safety", 80, True, (99.7, 100)),
         ("TU1", "Treated water turbidity (95th percentile)", "NTU", "0.3", "lower", "environmental", 40, True, (0.12, 0.34)),
         ("VO1", "Volume delivered against demand", "%", "100", "higher", "availability", 40, True, (99.1, 100)),
         ("SL1", "Sludge disposed to licensed sites", "%", "100", "higher", "environmental", 20, False, (99, 100))],
        ["Train offline", "UV intensity alarm", "Pump trip", "Chemical dosing fault"]),
}
FIRST, LAST = date(2025, 12, 1), date(2026, 11, 1)


def seed(ctx) -> str | None:
    if db.session.scalar(sa.select(sa.func.count(PaymentTerms.id))):
        return None
    rng = random.Random(2026)
    made = 0
    for code, (annual, rate, point_value, cap, areas, kpis, criteria) in SETUP.items():
        contract = ctx["contracts"][code]
        users = ctx["users"]
        key = code.lower()
        pm_user, po_user, om_user = (users[f"{key}_{s}"] for s in ("pm", "po", "om"))
        db.session.add(PaymentTerms(
            contract_id=contract.id, effective_from=contract.start_date, annual_unitary_charge=D(annual),
            area_rate=D(rate), used_factor=D("0.5"), repetition=RATCHETS, points_threshold=20,
            point_value=D(point_value), bands=BANDS, cap_percent=D(cap), warning_points=300,
            default_points=600, rolling_months=6, submission_deadline_days=10))
        area_rows = [FunctionalArea(contract_id=contract.id, name=n, weighting=D(w), rectification_hours=D(r),
                                    deduction_period_hours=D(p)) for n, w, r, p in areas]
        kpi_rows = [Kpi(contract_id=contract.id, code=c, name=n, unit=u, target=D(t), direction=d, category=cat,
                        failure_points=fp, public=pub, visibility="public" if pub else "partners", position=i,
                        measurement_method="Monthly, from the operator's management systems, sampled by the authority.",
                        evidence_expected="System export and monthly service report (PDF)")
                    for i, (c, n, u, t, d, cat, fp, pub, _) in enumerate(kpis)]
        db.session.add_all(area_rows + kpi_rows)
        db.session.flush()
        ranges = {k.id: spec[8] for k, spec in zip(kpi_rows, kpis, strict=True)}
        month = FIRST
        while month <= LAST:
            sub = services.open_submission(contract, month)
            values = {}
            for kpi in kpi_rows:
                low, high = ranges[kpi.id]
                # mostly on target, a realistic miss now and then
                value = D(str(round(rng.uniform(low, high), 2)))
                values[kpi.id] = (str(value), "From the monthly service report.")
            services.save_measurements(sub, values)
            start = datetime(month.year, month.month, 1, tzinfo=UTC)
            for _ in range(rng.randint(1, 5)):
                area = rng.choice(area_rows)
                reported = start + timedelta(days=rng.randint(0, 26), hours=rng.randint(0, 23), minutes=rng.choice((0, 15, 30, 45)))
                services.add_event(sub, contract, reference=f"HD-{rng.randint(10000, 99999)}", area_id=area.id,
                                   criterion=rng.choice(criteria), reported_at=reported,
                                   rectified_at=reported + timedelta(minutes=rng.randint(30, 480)),
                                   used=rng.random() < 0.4,
                                   excuse_claimed="Third-party power cut" if rng.random() < 0.1 else "")
            if month == LAST:
                made += 1
                break  # the current month stays a draft
            submitted = datetime(month.year, month.month, 1, 9, tzinfo=UTC) + timedelta(days=rng.choice((33, 36, 38, 44)))
            services.submit(sub, om_user, now=submitted)
            queried = rng.random() < 0.25
            for line, kind in list(services.lines_of(sub)):
                if kind == "event" and line.excuse_claimed:
                    services.review(sub, line, kind, "excuse", "Grid operator confirmed the outage.", pm_user,
                                    line.version, now=submitted + timedelta(days=3))
                elif queried and kind == "measurement" and line.met is False:
                    services.review(sub, line, kind, "query", "Please attach the raw system export for this KPI.",
                                    po_user, line.version, now=submitted + timedelta(days=2))
                    queried = False
                else:
                    services.review(sub, line, kind, "accept", "", pm_user, line.version, now=submitted + timedelta(days=3))
            if sub.status == "queried":
                services.resubmit(sub, om_user, "Export attached; the value stands.", now=submitted + timedelta(days=4))
                for line, kind in services.lines_of(sub):
                    if not line.settled:
                        services.review(sub, line, kind, "accept", "", pm_user, line.version, now=submitted + timedelta(days=5))
            if month < date(2026, 10, 1):
                services.approve(contract, sub, pm_user, now=submitted + timedelta(days=7))
                services.countersign(sub, om_user, now=submitted + timedelta(days=9))
            made += 1
            month = next_month(month)
    db.session.flush()
    return f"Performance: {made} monthly submissions with events, reviews and payment statements."
