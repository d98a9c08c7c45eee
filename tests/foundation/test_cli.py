"""The `portal` CLI: users, memberships and the demo."""

import sqlalchemy as sa

from portal.auth.models import User
from portal.contracts.models import Contract, Membership
from portal.extensions import db
from tests.factories import make_contract


def test_create_user_and_add_member(app):
    contract = make_contract("CLI")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "create-user", "Ciara.Byrne@Example.org", "--name", "Ciara Byrne",
                                 "--password", "a long enough passphrase"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "ciara.byrne@example.org"))
    assert user is not None and not user.is_admin
    result = runner.invoke(args=["portal", "add-member", "ciara.byrne@example.org", "--contract", "cli",
                                 "--role", "operator_staff"])
    assert result.exit_code == 0, result.output
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == user.id))
    assert membership.organisation_id == contract.operator_org_id


def test_cli_refuses_weak_passwords_and_unknown_things(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["portal", "create-user", "x@example.org", "--name", "X", "--password", "short"])
    assert weak.exit_code != 0 and "at least" in weak.output
    unknown = runner.invoke(args=["portal", "add-member", "nobody@example.org", "--contract", "NOPE",
                                  "--role", "reviewer"])
    assert unknown.exit_code != 0 and "No user" in unknown.output


def test_demo_is_idempotent_and_realistic(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "demo"])
    assert first.exit_code == 0, first.output
    codes = set(db.session.scalars(sa.select(Contract.code)))
    assert {"NSH", "M7", "WTP"} <= codes
    counts = {t: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in (User, Membership)}
    second = runner.invoke(args=["portal", "demo"])
    assert second.exit_code == 0, second.output
    assert counts == {t: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in (User, Membership)}
    skipped = runner.invoke(args=["portal", "demo", "--if-empty"])
    assert "already has data" in skipped.output
    roles = set(db.session.scalars(sa.select(Membership.role)))
    assert roles == {"public_manager", "public_officer", "operator_manager", "operator_staff", "community_rep", "reviewer"}
