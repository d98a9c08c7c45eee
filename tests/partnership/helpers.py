"""Builders for partnership tests."""

from __future__ import annotations

from datetime import timedelta

from portal.partnership import services
from portal.partnership.models import DIMENSIONS
from tests.factories import add_member, make_user


def make_stakeholder(world, name="Harbour Road Residents' Association", interest=4, influence=2,
                     visibility="government"):
    return services.add_stakeholder(world.contract_a, services.StakeholderData(
        name=name, organisation="", kind="resident", interest=interest, influence=influence,
        approach="Quarterly briefing", visibility=visibility))


def open_round(world, label="2026 Q4"):
    today = services.local_today(world.contract_a)
    return services.open_round(world.contract_a, label, today - timedelta(days=5), today + timedelta(days=20))


def scores(value: int) -> dict:
    return {d: value for d in DIMENSIONS}


def extra_members(world, side: str, count: int):
    """More members on one side of contract A (for the anonymity threshold)."""
    role = "public_officer" if side == "government" else "operator_staff"
    users = []
    for n in range(count):
        user = make_user(f"Extra {side} {n}")
        add_member(user, world.contract_a, role)
        users.append(user)
    return users
