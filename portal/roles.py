"""The roles a person holds on a contract, their labels and sides: plain data that the access
policy, the models and the forms all read (a leaf, so that none of them imports another for it)."""

from __future__ import annotations

ROLES = {
    "public_manager": {"label": "Public contract manager", "side": "government"},
    "public_officer": {"label": "Public official", "side": "government"},
    "operator_manager": {"label": "Operator manager", "side": "operator"},
    "operator_staff": {"label": "Operator staff", "side": "operator"},
    "community_rep": {"label": "Community representative", "side": "community"},
    "reviewer": {"label": "Independent reviewer", "side": "independent"},
}
GOVERNMENT_ROLES = frozenset({"public_manager", "public_officer"})
OPERATOR_ROLES = frozenset({"operator_manager", "operator_staff"})


def role_label(role: str) -> str:
    return ROLES.get(role, {}).get("label", role)


def side_of(role: str | None) -> str | None:
    return ROLES.get(role, {}).get("side") if role else None
