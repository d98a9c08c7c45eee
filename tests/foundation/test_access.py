"""The access policy: role rules, visibility levels and the SQL filters."""

import pytest
import sqlalchemy as sa

from portal import access
from portal.audit.models import AuditEvent
from portal.db import utcnow
from portal.extensions import db
from tests.factories import ROLES


def _event(contract, visibility):
    row = AuditEvent(contract_id=contract.id, action="create", entity_type="probe", entity_id=1,
                     summary=visibility, changes={}, visibility=visibility, created_at=utcnow(),
                     prev_hash="x", hash=f"{contract.code}-{visibility}")
    db.session.add(row)
    db.session.flush()
    return row


READS = {
    "public_manager": {"public", "community", "partners", "government"},
    "public_officer": {"public", "community", "partners", "government"},
    "reviewer": {"public", "community", "partners", "government"},
    "operator_manager": {"public", "community", "partners"},
    "operator_staff": {"public", "community", "partners"},
    "community_rep": {"public", "community"},
    "community": {"public"},
    "operator_b": {"public"},
    "admin": {"public"},
}


@pytest.mark.parametrize("kind", sorted(READS))
def test_each_kind_reads_exactly_its_visibility_levels(world, kind):
    records = {v: _event(world.contract_a, v) for v in access.VISIBILITIES}
    readable = {v for v, record in records.items() if access.can(world[kind], "view", record)}
    assert readable == READS[kind]


@pytest.mark.parametrize("kind", sorted(READS))
def test_sql_filter_matches_the_predicate(world, kind):
    for contract in (world.contract_a, world.contract_b):
        for v in access.VISIBILITIES:
            _event(contract, v)
    user = world[kind]
    listed = db.session.scalars(sa.select(AuditEvent).where(access.visible_clause(user, AuditEvent))).all()
    everything = db.session.scalars(sa.select(AuditEvent)).all()
    assert {e.id for e in listed} == {e.id for e in everything if access.can(user, "view", e)}
    scoped = db.session.scalars(
        sa.select(AuditEvent).where(access.visible_clause(user, AuditEvent, world.contract_a))).all()
    assert all(e.contract_id == world.contract_a.id for e in scoped)


def test_public_records_of_unpublished_contracts_stay_hidden(world):
    world.contract_a.is_published = False
    db.session.flush()
    record = _event(world.contract_a, "public")
    assert not access.can(world["community"], "view", record)
    assert not access.can(None, "view", record)
    assert access.can(world["community_rep"], "view", record)


def test_reviewer_reads_everything_and_changes_nothing(world):
    reviewer = world["reviewer"]
    for action, roles in access.PERMISSIONS.items():
        allowed = access.can(reviewer, action, world.contract_a)
        assert allowed == ("reviewer" in roles)
        if allowed:
            assert action.endswith(("view", "view_member", "view_queue")), action


def test_administrator_is_not_a_back_door(world):
    admin = world["admin"]
    assert access.can(admin, "admin")
    assert not any(access.can(admin, action, world.contract_a) for action in access.PERMISSIONS)


def test_operator_of_another_contract_has_no_rights_on_a(world):
    other = world["operator_b"]
    assert not any(access.can(other, action, world.contract_a) for action in access.PERMISSIONS)
    assert access.can(other, "evidence.submit", world.contract_b)


@pytest.mark.parametrize("role", ROLES)
def test_only_government_managers_approve_and_publish(world, role):
    user = world[role]
    assert access.can(user, "report.publish", world.contract_a) == (role == "public_manager")
    assert access.can(user, "payment.countersign", world.contract_a) == (role == "operator_manager")


def test_unknown_action_is_a_programming_error(world):
    with pytest.raises(KeyError):
        access.can(world["public_manager"], "evidence.teleport", world.contract_a)
