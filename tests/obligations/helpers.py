"""Builders for obligation tests."""

from __future__ import annotations

from datetime import date

from portal.obligations import services

INSURANCE = {"title": "Insurance certificates for the year", "category": "insurance", "owed_by": "operator",
             "clause": "Clause 53", "frequency": "annual", "first_due_on": date(2026, 11, 30),
             "evidence_required": "Broker's certificates for all-risks and third-party liability."}


def obligation(world, **values):
    return services.add_obligation(world.contract_a, {**INSURANCE, **values})
