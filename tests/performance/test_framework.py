"""The government side: payment terms versions, functional areas and KPIs (422 paths, stale saves)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.performance import framework, queries
from portal.performance.errors import FieldError
from portal.performance.models import FunctionalArea, Kpi, PaymentTerms
from tests.factories import add_member
from tests.performance import helpers

BASE = "/contracts/AAA/performance/framework"

TERMS = {
    "effective_from": "2027-01-01", "annual_unitary_charge": "6,000,000.00", "area_rate": "",
    "calibration_factor": "1.05", "used_factor": "0.5", "repetition": "4 × 1.5\n8 x 2",
    "points_threshold": "20", "point_value": "3.50", "bands": "21-100 × 1.0\n101-200 × 1.2\n201- × 1.5",
    "cap_percent": "15", "warning_points": "300", "default_points": "600", "rolling_months": "6",
    "submission_deadline_days": "10",
}


def test_lists_parse_and_refuse_with_line_numbers():
    assert framework.parse_repetition("4 × 1.5\n\n8 x 2") == [{"after": 4, "multiplier": "1.5"},
                                                              {"after": 8, "multiplier": "2"}]
    assert framework.parse_bands("21-100 × 1.0\n201- = 1.5", 20) == [
        {"from": 21, "to": 100, "multiplier": "1"}, {"from": 201, "to": None, "multiplier": "1.5"}]
    with pytest.raises(FieldError, match="line 2"):
        framework.parse_repetition("4 × 1.5\nfive times")
    with pytest.raises(FieldError, match="above the threshold"):
        framework.parse_bands("10-100 × 1", 20)
    with pytest.raises(FieldError, match="overlaps"):
        framework.parse_bands("21- × 1\n101-200 × 1.2", 20)
    assert framework.format_bands([{"from": 21, "to": None, "multiplier": "1.5"}]) == "21- × 1.5"


def test_new_terms_version_stores_decimals_and_is_used_from_its_month(world, login):
    helpers.framework(world.contract_a)
    db.session.commit()
    pm = login(world["public_manager"])
    page = pm.get(f"{BASE}/terms/new")
    assert page.status_code == 200 and b"Annual unitary charge (EUR)" in page.data
    r = pm.post(f"{BASE}/terms/new", data=TERMS)
    assert r.status_code == 303, r.data
    terms = queries.terms_for(world.contract_a, date(2027, 1, 1))
    assert terms.annual_unitary_charge == D("6000000.00") and terms.area_rate is None
    assert terms.calibration_factor == D("1.05") and terms.point_value == D("3.50")
    assert terms.bands[2] == {"from": 201, "to": None, "multiplier": "1.5"}
    assert terms.repetition[1] == {"after": 8, "multiplier": "2"}
    assert queries.terms_for(world.contract_a, date(2026, 12, 1)).annual_unitary_charge == D("5000000.04")
    assert b"In force" in pm.get(BASE).data


@pytest.mark.parametrize("changes, message", [
    ({"annual_unitary_charge": "5000000.005"}, b"at most 2 decimal places"),
    ({"annual_unitary_charge": "five million"}, b"is not a number"),
    ({"used_factor": "1.5"}, b"Must be at most 1"),
    ({"effective_from": "2027-01-15"}, b"first day of a month"),
    ({"bands": "21-100 x 1\nlots"}, b"line 2"),
    ({"default_points": "100"}, b"above the warning threshold"),
    ({"effective_from": "2025-01-01"}, b"Terms already take effect"),
])
def test_terms_form_errors_are_422_and_keep_the_input(world, login, changes, message):
    helpers.framework(world.contract_a)
    db.session.commit()
    r = login(world["public_manager"]).post(f"{BASE}/terms/new", data={**TERMS, **changes})
    assert r.status_code == 422 and message in r.data
    assert b"calibration_factor" in r.data and b'value="1.05"' in r.data  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count(PaymentTerms.id))) == 1


def test_terms_of_a_settled_period_are_locked(world, login):
    sub = helpers.submission(world.contract_a)
    helpers.advance(world, sub, "approved")
    db.session.commit()
    terms = queries.terms_for(world.contract_a, sub.month)
    pm = login(world["public_manager"])
    page = pm.get(f"{BASE}/terms/{terms.id}")
    assert page.status_code == 200 and b"cannot be edited" in page.data and b"<form method=\"post\" class" not in page.data
    r = pm.post(f"{BASE}/terms/{terms.id}", data={**TERMS, "effective_from": "2025-01-01", "version": terms.version})
    assert r.status_code == 200 and b"cannot be edited" in r.data
    db.session.refresh(terms)
    assert terms.annual_unitary_charge == D("5000000.04")
    # a new version may not reach back into the settled month either
    r = pm.post(f"{BASE}/terms/new", data={**TERMS, "effective_from": "2026-10-01"})
    assert r.status_code == 422 and b"already settled" in r.data
    r = pm.post(f"{BASE}/terms/new", data={**TERMS, "effective_from": "2026-11-01"})
    assert r.status_code == 303


def test_unused_terms_edit_with_version_check(world, login):
    helpers.framework(world.contract_a)
    future = PaymentTerms(contract_id=world.contract_a.id, effective_from=date(2027, 4, 1),
                          annual_unitary_charge=D("1200000.00"), point_value=D("2.00"))
    db.session.add(future)
    db.session.commit()
    pm = login(world["public_manager"])
    page = pm.get(f"{BASE}/terms/{future.id}")
    assert page.status_code == 200 and b'value="1200000.00"' in page.data
    stale = {**TERMS, "effective_from": "2027-04-01", "annual_unitary_charge": "1300000.00", "version": future.version}
    assert pm.post(f"{BASE}/terms/{future.id}", data=stale).status_code == 303
    r = pm.post(f"{BASE}/terms/{future.id}", data={**stale, "annual_unitary_charge": "1400000.00"})
    assert r.status_code == 422 and b"Someone else saved this payment terms version" in r.data and b"1400000.00" in r.data
    db.session.refresh(future)
    assert future.annual_unitary_charge == D("1300000.00")


def test_area_create_edit_duplicate_and_stale(world, login):
    area, _ = helpers.framework(world.contract_a)
    db.session.commit()
    pm = login(world["public_manager"])
    data = {"name": "Custody suite", "weighting": "12.5", "operating_hours": "24 hours, every day",
            "rectification_hours": "1", "deduction_period_hours": "0.5"}
    assert pm.post(f"{BASE}/areas/new", data=data).status_code == 303
    custody = db.session.scalar(sa.select(FunctionalArea).where(FunctionalArea.name == "Custody suite"))
    assert custody.weighting == D("12.5") and custody.deduction_period_hours == D("0.5")
    r = pm.post(f"{BASE}/areas/new", data={**data, "name": "ward 3"})
    assert r.status_code == 422 and b"already has an area" in r.data
    r = pm.post(f"{BASE}/areas/new", data={**data, "name": "Lobby", "deduction_period_hours": "0"})
    assert r.status_code == 422 and b"above zero" in r.data and b"Lobby" in r.data
    version = area.version
    assert pm.post(f"{BASE}/areas/{area.id}", data={**data, "name": "Ward 3", "weighting": "31",
                                                    "version": version}).status_code == 303
    r = pm.post(f"{BASE}/areas/{area.id}", data={**data, "name": "Ward 3", "weighting": "35", "version": version})
    assert r.status_code == 422 and "Someone else saved this area “Ward 3”".encode() in r.data and b'value="35"' in r.data
    db.session.refresh(area)
    assert area.weighting == D("31")


def test_kpi_fields_public_flag_and_errors(world, login):
    _, kpis = helpers.framework(world.contract_a)
    db.session.commit()
    pm = login(world["public_manager"])
    data = {"code": "sf1", "name": "Staff satisfaction", "description": "Annual survey", "unit": "%",
            "target": "75", "direction": "higher", "category": "social", "frequency": "annual",
            "measurement_method": "Survey", "evidence_expected": "Survey report", "objective": "A good employer",
            "failure_points": "15", "position": "9", "public": "y"}
    assert pm.post(f"{BASE}/kpis/new", data=data).status_code == 303
    kpi = db.session.scalar(sa.select(Kpi).where(Kpi.code == "SF1"))
    assert (kpi.public, kpi.visibility, kpi.category, kpi.objective, kpi.target) == (
        True, "public", "social", "A good employer", D("75"))
    r = pm.post(f"{BASE}/kpis/new", data={**data, "code": "AV1"})
    assert r.status_code == 422 and b"already has a KPI AV1" in r.data
    r = pm.post(f"{BASE}/kpis/new", data={**data, "code": "bad code!", "target": "high"})
    assert r.status_code == 422 and b"letters, digits" in r.data and b"is not a number" in r.data
    av1 = kpis[0]
    edit = {**data, "code": "AV1", "public": "", "version": av1.version}
    edit.pop("public")
    assert pm.post(f"{BASE}/kpis/{av1.id}", data=edit).status_code == 303
    db.session.refresh(av1)
    assert av1.public is False and av1.visibility == "partners" and av1.category == "social"
    r = pm.post(f"{BASE}/kpis/{av1.id}", data=edit)
    assert r.status_code == 422 and b"Someone else saved this KPI AV1" in r.data


def test_kpi_of_another_contract_is_not_found(world, login):
    _, kpis = helpers.framework(world.contract_a)
    helpers.framework(world.contract_b)
    db.session.commit()
    add_member(world["public_manager"], world.contract_b, "public_manager")
    db.session.commit()
    assert login(world["public_manager"]).get(f"/contracts/BBB/performance/framework/kpis/{kpis[0].id}").status_code == 404
