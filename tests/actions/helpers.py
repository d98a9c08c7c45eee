"""Builders for action tests."""

from __future__ import annotations

from datetime import timedelta

from portal.actions import services


def make_action(world, *, owner=None, party=None, visibility="partners", days=10, title="Replace the lift controller",
                contract=None, source_kind="meeting"):
    contract = contract or world.contract_a
    if owner is None and party is None:
        owner = world["operator_manager"]
    return services.create_action(
        contract, title, user=world["public_manager"], owner_user_id=getattr(owner, "id", None), owner_party=party,
        due_on=services.local_today(contract) + timedelta(days=days), source_kind=source_kind,
        source_title="NSH-MTG-0001 Quarterly review", visibility=visibility)
