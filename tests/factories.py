"""Builders for test data. `build_world()` makes two contracts and one user of every kind."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.auth.models import User
from portal.auth.services import hash_password
from portal.contracts.models import Contract, Membership, Organisation
from portal.extensions import db

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = None
_counter = itertools.count(1)


def password_hash() -> str:
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = hash_password(PASSWORD)
    return _PASSWORD_HASH


def make_user(name: str | None = None, email: str | None = None, *, admin: bool = False, **values) -> User:
    n = next(_counter)
    user = User(
        name=name or f"Test Person {n}",
        email=(email or f"person{n}@example.org").lower(),
        password_hash=password_hash(),
        is_admin=admin,
        **values,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_org(name: str | None = None, kind: str = "government") -> Organisation:
    org = Organisation(name=name or f"Organisation {next(_counter)}", kind=kind)
    db.session.add(org)
    db.session.flush()
    return org


def make_contract(code: str | None = None, *, published: bool = True, **values) -> Contract:
    government = values.pop("government_org", None) or make_org(kind="government")
    operator = values.pop("operator_org", None) or make_org(kind="operator")
    defaults = dict(
        code=code or f"C{next(_counter)}",
        title=f"Test contract {code}",
        sector="health",
        location="Testville",
        start_date=date(2020, 1, 1),
        end_date=date(2045, 12, 31),
        currency="EUR",
        monthly_unitary_charge_minor=41_666_667,
        point_value_minor=300,
        deduction_cap_percent=Decimal("15.00"),
        time_zone="Europe/Dublin",
        holidays=["2026-12-25", "2026-12-28"],
        public_summary="A contract built for tests.",
        is_published=published,
    )
    defaults.update(values)
    contract = Contract(government_org_id=government.id, operator_org_id=operator.id, **defaults)
    db.session.add(contract)
    db.session.flush()
    return contract


def add_member(user: User, contract: Contract, role: str, organisation: Organisation | None = None) -> Membership:
    if organisation is None:
        organisation = contract.operator_org if role.startswith("operator") else contract.government_org
    membership = Membership(user_id=user.id, contract_id=contract.id, organisation_id=organisation.id, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


ROLES = ("public_manager", "public_officer", "operator_manager", "operator_staff", "community_rep", "reviewer")
# The kinds of user every route is checked against in the authorization matrix.
USER_KINDS = ("anonymous", "community", *ROLES, "operator_b", "admin")


@dataclass
class World:
    contract_a: Contract
    contract_b: Contract
    users: dict[str, User | None] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> User | None:
        return self.users[kind]


def build_world() -> World:
    contract_a = make_contract("AAA", title="Alpha Hospital")
    contract_b = make_contract("BBB", title="Bravo Motorway")
    users: dict[str, User | None] = {"anonymous": None}
    users["community"] = make_user("Community Member", "community@example.org")
    for role in ROLES:
        user = make_user(role.replace("_", " ").title(), f"{role}@example.org")
        add_member(user, contract_a, role)
        users[role] = user
    users["operator_b"] = make_user("Operator B", "operator_b@example.org")
    add_member(users["operator_b"], contract_b, "operator_manager")
    users["admin"] = make_user("Admin", "admin@example.org", admin=True)
    return World(contract_a, contract_b, users)
