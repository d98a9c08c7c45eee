"""Builders for change tests: a variation at each step, a contingency event."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from portal.changes import events, variations

PROPOSAL = {"kind": "specification", "title": "Extend the noise barrier at Cullahill by 200 m",
            "description": "A 200 m extension of the timber noise barrier past the Cullahill estate.",
            "reason": "Residents' complaints after the 2026 traffic count.", "clauses": "Schedule 3, part 2",
            "estimated_cost": D("180000.00"), "estimated_charge_change": D("1000.00")}


def proposed(world, **values):
    return variations.propose(world.contract_a, world["public_manager"], {**PROPOSAL, **values})


def priced(world, charge_change="12500.00", cost="250000.00"):
    variation = proposed(world)
    variations.request_estimate(variation, world["public_manager"])
    variations.submit_estimate(variation, world["operator_manager"], cost=D(cost) if cost else None,
                               charge_change=D(charge_change) if charge_change is not None else None,
                               note="Includes 25 years of maintenance.")
    return variation


def relief_event(world, services="Ward 3", agree=True, started=datetime(2026, 10, 9, 22, tzinfo=UTC), ended=None):
    event = events.notify(world.contract_a, world["operator_manager"], {
        "kind": "relief", "title": "Storm flooding", "description": "Storm water entered the ward plant room.",
        "clause": "Clause 29", "services": services, "started_at": started, "ended_at": ended})
    if agree:
        events.respond(event, world["public_manager"], agree=True, response="Agreed: the storm was exceptional.")
    return event
