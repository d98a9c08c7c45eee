"""Contingency events: the response rules, and the excusal of covered failures in the payment engine."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from portal import access
from portal.changes import events
from portal.changes.clock import ChangesError
from portal.panels import excusals_for
from portal.performance import services as perf
from tests.changes.helpers import relief_event
from tests.performance.helpers import submission

FAILURE = datetime(2026, 10, 10, 8, tzinfo=UTC)  # the failure event of tests.performance.helpers


def test_an_agreed_relief_event_excuses_the_failures_it_covers(world):
    sub = submission(world.contract_a)
    charged = perf.calculate_statement(world.contract_a, sub)
    assert D(charged["availability_deduction"]) > 0
    event = relief_event(world, services="ward 3")  # names match whatever the case
    result = perf.calculate_statement(world.contract_a, sub)
    assert result["availability_deduction"] == "0.00"
    line = result["lines"][0]
    assert line["amount"] == "0.00" and event.reference in line["reason"]
    found = excusals_for(world.contract_a.id, ["Ward 3"], FAILURE)
    assert [e.reference for e in found] == [event.reference]
    assert found[0].url == f"/contracts/AAA/changes/events/{event.reference}"


@pytest.mark.parametrize("case", ["not agreed", "other area", "after it ended", "before it started", "step-in"])
def test_failures_outside_an_agreed_event_are_still_charged(world, case):
    sub = submission(world.contract_a)
    if case == "not agreed":
        relief_event(world, agree=False)
    elif case == "other area":
        relief_event(world, services="Ward 7")
    elif case == "after it ended":
        relief_event(world, ended=datetime(2026, 10, 10, 6, tzinfo=UTC))
    elif case == "before it started":
        relief_event(world, started=datetime(2026, 10, 10, 9, tzinfo=UTC))
    else:
        step = events.notify(world.contract_a, world["public_manager"], {
            "kind": "step_in", "title": "Authority runs the plant", "description": "Operator failed to restore.",
            "all_services": True, "stepped_in_by": "The Authority's emergency contractor",
            "started_at": datetime(2026, 10, 1, tzinfo=UTC)})
        events.respond(step, world["operator_manager"], agree=True, response="Accepted.")
    assert D(perf.calculate_statement(world.contract_a, sub)["availability_deduction"]) > 0


def test_an_event_for_all_services_covers_every_area(world):
    sub = submission(world.contract_a)
    relief_event(world, services="Ward 9")
    assert D(perf.calculate_statement(world.contract_a, sub)["availability_deduction"]) > 0
    event = events.notify(world.contract_a, world["operator_manager"], {
        "kind": "force_majeure", "title": "Regional flood", "description": "Flood", "all_services": True,
        "started_at": datetime(2026, 10, 1, tzinfo=UTC)})
    events.respond(event, world["public_manager"], agree=True, response="Agreed.")
    assert perf.calculate_statement(world.contract_a, sub)["availability_deduction"] == "0.00"


def test_compensation_needs_the_amount_agreed_and_a_dispute_records_none(world):
    values = {"kind": "compensation", "title": "Authority's works closed lane 1", "description": "Works.",
              "services": "Lane 1", "started_at": datetime(2026, 11, 2, tzinfo=UTC), "claimed_amount": D("48250.00")}
    event = events.notify(world.contract_a, world["operator_manager"], values)
    with pytest.raises(ChangesError) as error:
        events.respond(event, world["public_manager"], agree=True, response="Agreed in principle.")
    assert error.value.field == "agreed_amount"
    events.respond(event, world["public_manager"], agree=True, response="Agreed.", agreed_amount=D("41000.00"))
    assert event.status == "agreed" and event.agreed_amount == D("41000.00")
    with pytest.raises(ChangesError):
        events.respond(event, world["public_manager"], agree=False, response="Changed our mind.")
    disputed = events.notify(world.contract_a, world["operator_manager"], values)
    events.respond(disputed, world["public_manager"], agree=False, response="Not a compensation event.",
                   agreed_amount=D("5"))
    assert disputed.status == "disputed" and disputed.agreed_amount is None


def test_only_the_other_party_answers_and_only_the_notifier_withdraws(world):
    event = relief_event(world, agree=False)
    assert access.can(world["public_manager"], "event.answer", event)
    assert not access.can(world["operator_manager"], "event.answer", event)
    assert access.can(world["operator_manager"], "event.withdraw", event)
    assert not access.can(world["public_manager"], "event.withdraw", event)
    assert not access.can(world["reviewer"], "event.answer", event)


def test_notice_rules(world):
    base = {"kind": "relief", "title": "Storm", "description": "Storm", "services": "Ward 3",
            "started_at": datetime(2026, 11, 1, tzinfo=UTC)}
    for change, field in ((({"started_at": datetime(2027, 1, 1, tzinfo=UTC)}), "started_at"),
                          ({"ended_at": datetime(2026, 10, 1, tzinfo=UTC)}, "ended_at"),
                          ({"services": ""}, "services"), ({"kind": "step_in"}, "stepped_in_by"),
                          ({"title": " "}, "title")):
        with pytest.raises(ChangesError) as error:
            events.notify(world.contract_a, world["operator_manager"], {**base, **change})
        assert error.value.field == field
    event = events.notify(world.contract_a, world["operator_manager"], base)
    assert event.reference == "AAA-REL-001"
    events.record_end(event, world["operator_manager"], datetime(2026, 11, 3, tzinfo=UTC))
    assert event.ended_at is not None and event.status == "notified"
