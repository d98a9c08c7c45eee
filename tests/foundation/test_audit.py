"""The audit chain: written in the same transaction, and any change behind the portal's back detected."""

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.audit.services import acting_as, verify_chain
from portal.contracts.services import add_member
from portal.extensions import db
from tests.factories import make_contract, make_user


def _events():
    return db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()


def test_create_update_delete_write_chained_events(app):
    user = make_user("Fiona Gallagher")
    with acting_as(user):
        contract = make_contract("AUD")
        contract.title = "Audited hospital"
        db.session.flush()
    events = [e for e in _events() if e.contract_id == contract.id]
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["title"] == ["Test contract AUD", "Audited hospital"]
    assert events[1].actor_name == "Fiona Gallagher"
    assert events[1].prev_hash == events[0].hash
    member = add_member(contract, make_user(), "public_officer")
    db.session.delete(member)
    db.session.flush()
    assert [e.action for e in _events() if e.entity_type == "membership"] == ["create", "delete"]
    assert verify_chain(db.session).ok


def test_verify_detects_an_edited_row(app):
    contract = make_contract("TMP")
    contract.title = "Changed"
    db.session.flush()
    target = _events()[-1]
    db.session.execute(sa.text("UPDATE audit_events SET summary = 'nothing happened' WHERE id = :id"),
                       {"id": target.id})
    result = verify_chain(db.session)
    assert not result.ok
    assert result.broken_event_id == target.id
    assert "content" in result.reason


def test_verify_detects_a_removed_row(app):
    contract = make_contract("DEL")
    for title in ("One", "Two", "Three"):
        contract.title = title
        db.session.flush()
    events = _events()
    middle = events[-2]
    db.session.execute(sa.text("DELETE FROM audit_events WHERE id = :id"), {"id": middle.id})
    result = verify_chain(db.session)
    assert not result.ok
    assert result.broken_event_id == events[-1].id


def test_verify_detects_a_truncated_tail(app):
    contract = make_contract("END")
    contract.title = "Last"
    db.session.flush()
    last = _events()[-1]
    db.session.execute(sa.text("DELETE FROM audit_events WHERE id = :id"), {"id": last.id})
    assert not verify_chain(db.session).ok


def test_cli_verify_exit_codes(app):
    make_contract("CLI")
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["portal", "audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output
    first = _events()[0]
    db.session.execute(sa.text("UPDATE audit_events SET actor_name = 'someone else' WHERE id = :id"),
                       {"id": first.id})
    broken = runner.invoke(args=["portal", "audit", "verify"])
    assert broken.exit_code == 1
    assert f"event {first.id}" in broken.output


def test_events_of_sensitive_records_follow_the_sensitive_rule(world):
    from portal import access
    from portal.audit.models import AuditEvent
    from portal.db import utcnow

    event = AuditEvent(contract_id=world.contract_a.id, action="create", entity_type="feedback", entity_id=1,
                       summary="NSH-FB-2026-00001 (sensitive)", changes={}, visibility="government",
                       is_sensitive=True, created_at=utcnow(), prev_hash="x", hash="sensitive-probe")
    db.session.add(event)
    db.session.flush()
    for kind, expected in (("public_manager", True), ("public_officer", True), ("reviewer", False),
                           ("operator_manager", False)):
        user = world[kind]
        assert access.can(user, "view", event) is expected, kind
        listed = db.session.scalars(sa.select(AuditEvent.id).where(
            access.visible_clause(user, AuditEvent, world.contract_a))).all()
        assert (event.id in listed) is expected, kind
