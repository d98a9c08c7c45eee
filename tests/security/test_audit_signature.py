"""Finding 9 (audit): the chain can no longer be re-forged by recomputing every later hash: each
event is signed with a key kept outside the database, and published reports print the head."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent, AuditHead
from portal.audit.services import _hashed_fields, audit_key, event_hash, head, verify_chain
from portal.extensions import db
from tests.factories import make_contract


def _reforge(from_id: int, summary: str) -> None:
    """What an attacker with database access does: edit a row, then recompute every later hash
    and the head, so that the bare chain checks out again."""
    table = AuditEvent.__table__
    rows = [dict(r) for r in db.session.execute(sa.select(table).order_by(table.c.id)).mappings()]
    prev = None
    for row in rows:
        if prev is not None:
            row["prev_hash"] = prev
        if row["id"] == from_id:
            row["summary"] = summary
        if row["id"] >= from_id:
            row["hash"] = event_hash(row["prev_hash"], _hashed_fields(row))
            db.session.execute(sa.update(table).where(table.c.id == row["id"]).values(
                summary=row["summary"], prev_hash=row["prev_hash"], hash=row["hash"]))
        prev = row["hash"]
    db.session.execute(sa.update(AuditHead.__table__).values(last_hash=prev))


def test_events_are_signed_with_the_key(app):
    contract = make_contract("SIG")
    contract.title = "Signed"
    db.session.flush()
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert events and all(e.signature for e in events)
    assert verify_chain(db.session, key=audit_key()).ok


def test_a_recomputed_chain_is_detected_with_the_key(app):
    contract = make_contract("FRG")
    for title in ("One", "Two", "Three"):
        contract.title = title
        db.session.flush()
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    target = events[-2]
    _reforge(target.id, "nothing happened")
    assert verify_chain(db.session).ok  # the bare chain is fooled: this was the finding
    result = verify_chain(db.session, key=audit_key())
    assert not result.ok and result.broken_event_id == target.id and "signature" in result.reason


def test_an_unsigned_event_after_signed_ones_is_detected(app):
    contract = make_contract("UNS")
    contract.title = "Two"
    db.session.flush()
    last = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    db.session.execute(sa.update(AuditEvent.__table__).where(AuditEvent.__table__.c.id == last.id)
                       .values(signature=None))
    result = verify_chain(db.session, key=audit_key())
    assert not result.ok and result.broken_event_id == last.id


def test_the_command_checks_signatures(app):
    contract = make_contract("CLI")
    contract.title = "Changed"
    db.session.commit()
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    _reforge(events[-1].id, "forged")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "audit", "verify"])
    assert result.exit_code == 1 and "signature" in result.output


def test_published_reports_print_the_audit_head(world, login):
    from portal.reports.services import report_html
    from tests.reports.test_views import _draft

    report = _draft(world)
    event_id, head_hash = head()
    html = report_html(report, publishing_on=report.created_at)
    assert head_hash in html and f"event {event_id}" in html
