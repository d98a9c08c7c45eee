"""Shared vocabulary for authorization-matrix rows.

Each feature lists its routes in `tests/<feature>/authz_rows.py` as `ROWS = [Route(...), ...]`.
Expectations per kind of user (see tests.factories.USER_KINDS):
- "ok": 200
- "allowed": the action was permitted: 200, a redirect that is not to sign-in, 303, or 422 (form errors)
- "login": anonymous sent to sign in
- 403, 404, or any other status number. On a GET a refused read is always 404, never 403
  (nobody learns that a page they may not see exists): a 403 written for a GET row means 404.
`default` applies to kinds not named; `members` in `expect` sets all six roles on contract A."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.factories import ROLES, USER_KINDS


@dataclass
class Route:
    endpoint: str
    method: str
    path: str  # format string: {a} and {b} are the contracts' codes; other keys come from setup
    expect: dict
    setup: Callable | None = None  # setup(world) -> dict of extra format values
    data: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)

    def expectation(self, kind: str):
        table = dict(self.expect)
        default = table.pop("default", None)
        members = table.pop("members", None)
        resolved = {k: default for k in USER_KINDS}
        if members is not None:
            for role in ROLES:
                resolved[role] = members
        resolved.update(table)
        if resolved[kind] is None:
            raise AssertionError(f"{self.endpoint} {self.method}: no expectation for {kind}")
        if self.method in ("GET", "HEAD") and resolved[kind] == 403:
            return 404
        return resolved[kind]

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"


def everyone(status="ok", **overrides) -> dict:
    return {"default": status, **overrides}


def signed_in(status="ok", **overrides) -> dict:
    """Anyone signed in; anonymous users are sent to sign in."""
    return {"default": status, "anonymous": "login", **overrides}


def members_of_a(status="ok", outsiders=404, **overrides) -> dict:
    """Members of contract A; other signed-in users get `outsiders`; anonymous sign in."""
    return {"default": outsiders, "anonymous": "login", "members": status, **overrides}


def only(roles: tuple[str, ...] | list[str], status="allowed", others_in_a=403, outsiders=404) -> dict:
    """Only `roles` on contract A may act; other members of A get 403; the rest 404."""
    table = {"default": outsiders, "anonymous": "login", "members": others_in_a}
    for role in roles:
        table[role] = status
    return table


GOVERNMENT = ("public_manager", "public_officer")
OPERATORS = ("operator_manager", "operator_staff")
