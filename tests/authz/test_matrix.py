"""Every route of the app, against every kind of user. Adding a route without a row fails."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import tests
from tests.authz.matrix import Route
from tests.factories import USER_KINDS

IGNORED_ENDPOINTS = {"static"}


def _all_rows() -> list[Route]:
    rows: list[Route] = []
    root = Path(tests.__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.authz_rows")
        except ModuleNotFoundError as error:
            if error.name == f"tests.{info.name}.authz_rows":
                continue
            raise
        rows.extend(module.ROWS)
    return rows


ROWS = _all_rows()


def test_every_route_has_a_row(app):
    listed = {(row.endpoint, row.method) for row in ROWS}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in listed:
                missing.append(f"{method} {rule.endpoint} ({rule.rule})")
    assert not missing, "Routes without an authorization-matrix row:\n" + "\n".join(missing)


def test_rows_name_real_routes(app):
    known = {(rule.endpoint, m) for rule in app.url_map.iter_rules() for m in rule.methods}
    unknown = [row.id for row in ROWS if (row.endpoint, row.method) not in known]
    assert not unknown, f"Rows for routes that do not exist: {unknown}"


def _is_login_redirect(response) -> bool:
    if response.status_code in (302, 303) and "/login" in response.headers.get("Location", ""):
        return True
    return response.status_code == 401 and "/login" in response.headers.get("HX-Redirect", "")


def check(response, expected, label: str) -> None:
    status = response.status_code
    if expected == "login":
        assert _is_login_redirect(response), f"{label}: expected a sign-in redirect, got {status}"
    elif expected == "ok":
        assert status == 200, f"{label}: expected 200, got {status}"
    elif expected == "allowed":
        assert (status in (200, 201, 204, 303, 422) or (status == 302 and not _is_login_redirect(response))), (
            f"{label}: expected the action to be permitted, got {status}"
        )
    else:
        assert status == expected, f"{label}: expected {expected}, got {status}"


@pytest.mark.parametrize("kind", USER_KINDS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_matrix(row: Route, kind: str, world, login):
    values = {"a": world.contract_a.code, "b": world.contract_b.code}
    if row.setup:
        values.update(row.setup(world) or {})
    path = row.path.format(**values)
    client = login(world[kind])
    response = client.open(path, method=row.method, data=row.data, headers=row.headers)
    check(response, row.expectation(kind), f"{row.method} {path} as {kind}")
