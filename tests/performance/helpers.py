"""Builders for performance tests: a payment framework, a month's submission on a contract, and
the month taken through the cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

from portal.extensions import db
from portal.performance import services
from portal.performance.models import FunctionalArea, Kpi, PaymentTerms

MONTH = date(2026, 10, 1)


def framework(contract):
    db.session.add(PaymentTerms(
        contract_id=contract.id, effective_from=date(2025, 1, 1), annual_unitary_charge=D("5000000.04"),
        area_rate=D("2.00"), used_factor=D("0.5"),
        repetition=[{"after": 4, "multiplier": "1.5"}, {"after": 8, "multiplier": "2"}],
        points_threshold=20, point_value=D("3.00"),
        bands=[{"from": 21, "to": 100, "multiplier": "1.0"}, {"from": 101, "to": 200, "multiplier": "1.2"},
               {"from": 201, "to": None, "multiplier": "1.5"}],
        cap_percent=D("15"), warning_points=300, default_points=600, rolling_months=6))
    area = FunctionalArea(contract_id=contract.id, name="Ward 3", weighting=D("30"), rectification_hours=D("2"),
                          deduction_period_hours=D("1"))
    db.session.add(area)
    kpis = [
        Kpi(contract_id=contract.id, code="AV1", name="Theatre availability", unit="%", target=D("99"),
            direction="higher", category="availability", failure_points=60, public=True, visibility="public",
            position=1),
        Kpi(contract_id=contract.id, code="HD2", name="Helpdesk response time", unit="minutes", target=D("15"),
            direction="lower", category="service_quality", failure_points=60, position=2),
    ]
    db.session.add_all(kpis)
    db.session.flush()
    return area, kpis


def submission(contract, month=MONTH, with_event=True):
    area, kpis = framework(contract)
    sub = services.open_submission(contract, month)
    services.save_measurements(sub, {kpis[0].id: ("99.5", "From BMS log"), kpis[1].id: ("18", "Two slow calls")})
    if with_event:
        services.add_event(sub, contract, reference="HD-1", area_id=area.id, criterion="Heating",
                           reported_at=datetime(2026, 10, 10, 8, tzinfo=UTC),
                           rectified_at=datetime(2026, 10, 10, 13, tzinfo=UTC), used=False)
    db.session.flush()
    return sub


STAGES = ("submitted", "accepted", "approved", "countersigned")


def advance(world, sub, to: str):
    """Take a draft month of contract A through the cycle to `to` (one of STAGES): the operator
    manager submits, the public manager accepts every line and approves, the operator manager
    countersigns."""
    stage = STAGES.index(to)
    services.submit(sub, world["operator_manager"])
    if stage >= 1:
        for line, kind in services.lines_of(sub):
            services.review(sub, line, kind, "accept", "", world["public_manager"], line.version)
    if stage >= 2:
        services.approve(world.contract_a, sub, world["public_manager"])
    if stage >= 3:
        services.countersign(sub, world["operator_manager"])
    return sub
