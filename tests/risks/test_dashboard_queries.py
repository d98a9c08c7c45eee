"""The integrated dashboard (the member's contract overview) and the portfolio answer in a fixed,
small number of SQL statements whatever the size of the contracts: counted at two data sizes."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal.extensions import db
from portal.performance import services as perf_services
from portal.performance.models import Kpi, Measurement, Submission
from portal.risks import services
from tests.factories import add_member, make_contract
from tests.performance.helpers import submission
from tests.risks.helpers import make_objective, make_risk

OVERVIEW_BUDGET = 40  # every feature adds a tile of two or three statements; fixed, whatever the size
PORTFOLIO_BUDGET = 12


@contextlib.contextmanager
def counted():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _fill(contract, manager, size: int, *, performance: bool = True) -> None:
    """A contract with `size` risks, each reviewed, linked to a KPI and an objective."""
    kpis = []
    if performance:
        sub = submission(contract)  # October, with its measurements: the overview's "last" month
        sub.status = "submitted"
        perf_services.open_submission(contract, date(2026, 11, 1))  # the current month
        kpis = [m.kpi_id for m in sub.measurements]
    objectives = [make_objective(contract, f"Objective {n}") for n in range(max(1, size // 8))]
    today = services.local_today(contract)
    for n in range(size):
        kind = "opportunity" if n % 5 == 4 else "threat"
        risk = make_risk(contract, title=f"Risk {n}", kind=kind, response="accept",
                         residual_likelihood=1 + n % 5, residual_impact=1 + (n * 3) % 5,
                         allocation="shared", visibility="partners" if n % 2 else "government",
                         objective_ids=[objectives[n % len(objectives)].id], today=today - timedelta(days=400))
        services.review_risk(risk, manager, risk.residual_likelihood, risk.residual_impact, "",
                             reviewed_on=today - timedelta(days=n % 200))
        for kpi_id in kpis:
            risk.links.append(services.RiskLink(risk_id=risk.id, contract_id=contract.id, kind="kpi",
                                                ref_id=kpi_id, visibility=risk.visibility))
    db.session.flush()


def _overview_statements(login, user, code: str) -> list[str]:
    client = login(user)
    assert client.get(f"/contracts/{code}").status_code == 200  # warm: one-off lookups of a first visit
    db.session.expunge_all()  # as a new request's session: nothing already loaded hides a query
    with counted() as statements:
        page = client.get(f"/contracts/{code}")
    assert page.status_code == 200 and b"risk-tile-heading" in page.data
    return statements


def test_overview_queries_do_not_grow_with_the_contract(world, login):
    manager = world["public_manager"]
    small = make_contract("SML")
    large = make_contract("LRG")
    add_member(manager, small, "public_manager")
    add_member(manager, large, "public_manager")
    _fill(small, manager, 2)
    _fill(large, manager, 60)
    few = _overview_statements(login, manager, "SML")
    many = _overview_statements(login, manager, "LRG")
    assert len(few) == len(many), "\n\n".join(many)
    assert len(many) <= OVERVIEW_BUDGET, "\n\n".join(many)


def test_overview_queries_for_the_operator_are_fixed_too(world, login):
    operator = world["operator_manager"]
    _fill(world.contract_a, world["public_manager"], 3)
    few = _overview_statements(login, operator, "AAA")
    _fill(world.contract_a, world["public_manager"], 40, performance=False)
    many = _overview_statements(login, operator, "AAA")
    assert len(few) == len(many) <= OVERVIEW_BUDGET


def _portfolio_statements(login, user) -> list[str]:
    client = login(user)
    client.get("/my/portfolio")
    db.session.expunge_all()
    with counted() as statements:
        page = client.get("/my/portfolio?sort=risks_severe&direction=desc")
    assert page.status_code == 200
    return statements


def test_portfolio_queries_do_not_grow_with_the_number_or_size_of_contracts(world, login):
    official = world["public_officer"]
    _fill(world.contract_a, world["public_manager"], 2, performance=False)
    few = _portfolio_statements(login, official)
    for n in range(4):
        contract = make_contract(f"P{n}")
        add_member(official, contract, "public_officer")
        _fill(contract, official, 30, performance=False)
    many = _portfolio_statements(login, official)
    assert len(few) == len(many), "\n\n".join(many)
    assert len(many) <= PORTFOLIO_BUDGET, "\n\n".join(many)


def test_overview_queries_do_not_grow_with_the_number_of_kpis(world, login):
    manager = world["public_manager"]
    _fill(world.contract_a, manager, 3)
    few = _overview_statements(login, manager, "AAA")
    october = db.session.scalar(sa.select(Submission).where(Submission.contract_id == world.contract_a.id,
                                                            Submission.month == date(2026, 10, 1)))
    for n in range(8):
        kpi = Kpi(contract_id=world.contract_a.id, code=f"X{n}", name=f"Extra KPI {n}", target=Decimal("1"),
                  position=10 + n)
        db.session.add(kpi)
        db.session.flush()
        db.session.add(Measurement(contract_id=world.contract_a.id, submission_id=october.id, kpi_id=kpi.id,
                                   value=Decimal("2")))
    db.session.flush()
    assert len(_overview_statements(login, manager, "AAA")) == len(few)
