"""The hand-over: an approved variation becomes payment terms from its effective month, the payment
engine charges the new figure from that month (not before), the statement names the variation,
and a settled month never changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from portal.changes import variations
from portal.changes.clock import ChangesError
from portal.extensions import db
from portal.performance import queries
from portal.performance import services as perf
from portal.performance.models import PaymentTerms
from tests.changes.helpers import priced
from tests.performance.helpers import MONTH, submission

NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


def _settle(world, sub):
    perf.submit(sub, world["operator_manager"])
    for line, kind in perf.lines_of(sub):
        perf.review(sub, line, kind, "accept", "", world["public_manager"], line.version)
    return perf.approve(world.contract_a, sub, world["public_manager"])


def _versions(contract):
    return list(db.session.scalars(sa.select(PaymentTerms).where(PaymentTerms.contract_id == contract.id)
                                   .order_by(PaymentTerms.effective_from)))


def test_the_month_before_keeps_the_old_charge_and_the_month_after_gets_the_new(world):
    october = submission(world.contract_a)  # terms from Jan 2025: £5,000,000.04 a year, £416,666.67 a month
    october_statement = _settle(world, october)
    variation = priced(world, charge_change="12500.00")
    variations.approve(variation, world["public_manager"], NOVEMBER, "Approved at the November board.")
    assert variation.status == "approved"
    assert "416,666.67" in variation.terms_note and "429,166.67" in variation.terms_note

    versions = _versions(world.contract_a)
    assert [v.effective_from for v in versions] == [date(2025, 1, 1), NOVEMBER]
    assert versions[1].annual_unitary_charge == D("5150000.04")

    november = perf.open_submission(world.contract_a, NOVEMBER)
    after = perf.calculate_statement(world.contract_a, november)
    before = perf.calculate_statement(world.contract_a, october)
    assert after["monthly_unitary_charge"] == "429166.67"
    assert after["terms_changed_by"][0]["reference"] == variation.reference
    assert after["terms_changed_by"][0]["monthly_change"] == "+12500.00"
    assert before["monthly_unitary_charge"] == "416666.67" and before["terms_changed_by"] == []
    assert october_statement.data["monthly_unitary_charge"] == "416666.67"


def test_a_variation_cannot_change_a_settled_month(world):
    _settle(world, submission(world.contract_a))  # October 2026 is settled
    variation = priced(world)
    with pytest.raises(ChangesError) as refused:
        variations.approve(variation, world["public_manager"], MONTH)
    assert refused.value.field == "effective_month"
    assert "October 2026 is already settled" in str(refused.value)
    with pytest.raises(ChangesError):
        variations.approve(variation, world["public_manager"], date(2026, 3, 1))
    assert len(_versions(world.contract_a)) == 1


def test_later_versions_move_by_the_same_amount_and_a_saving_lowers_the_charge(world):
    submission(world.contract_a)
    first = _versions(world.contract_a)[0]
    db.session.add(PaymentTerms(contract_id=world.contract_a.id, effective_from=date(2027, 4, 1),
                                annual_unitary_charge=D("5200000.00"), area_rate=first.area_rate,
                                used_factor=first.used_factor, repetition=first.repetition, points_threshold=20,
                                point_value=first.point_value, bands=first.bands, cap_percent=first.cap_percent))
    db.session.flush()
    variation = priced(world, charge_change="-2000.50")
    variations.approve(variation, world["public_manager"], DECEMBER)
    versions = _versions(world.contract_a)
    assert [v.effective_from for v in versions] == [date(2025, 1, 1), DECEMBER, date(2027, 4, 1)]
    assert versions[1].annual_unitary_charge == D("5000000.04") - D("24006.00")
    assert versions[2].annual_unitary_charge == D("5200000.00") - D("24006.00")
    assert queries.terms_for(world.contract_a, NOVEMBER).id == versions[0].id


def test_a_variation_without_a_charge_change_leaves_the_terms_alone(world):
    submission(world.contract_a)
    variation = priced(world, charge_change="0", cost="40000")
    variations.approve(variation, world["public_manager"], DECEMBER)
    assert variation.terms_note == "" and len(_versions(world.contract_a)) == 1


def test_no_terms_in_force_is_refused(world):
    variation = priced(world)
    with pytest.raises(ChangesError, match="No payment terms are in force"):
        variations.approve(variation, world["public_manager"], DECEMBER)
