"""Writing and verifying the audit chain.

Events are written from SQLAlchemy flush hooks, so no code path can change an audited record
without leaving an event in the same transaction."""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app, has_app_context, has_request_context
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session, attributes

from portal.audit.models import GENESIS_HASH, Audited, AuditEvent, AuditHead
from portal.db import utcnow
from portal.extensions import db

_actor: contextvars.ContextVar = contextvars.ContextVar("audit_actor", default=None)
_PG_LOCK_KEY = 7_202_611  # serialises chain appends across PostgreSQL connections
_MAX_VALUE = 200


@contextmanager
def acting_as(user):
    """Attribute changes made outside a request (CLI, jobs, tests) to `user` (None = system)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def _current_actor():
    user = _actor.get()
    if user is not None:
        return user
    try:

        if has_request_context() and current_user.is_authenticated:
            return current_user
    except ImportError:  # pragma: no cover
        pass
    return None


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value if not isinstance(value, str) or len(value) <= _MAX_VALUE else value[:_MAX_VALUE] + "…"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict):
        text = json.dumps(value, default=str)
        return text if len(text) <= _MAX_VALUE else text[:_MAX_VALUE] + "…"
    return str(value)


def _changes(obj, *, new: bool) -> dict:
    state = sa.inspect(obj)
    changes = {}
    for column_attr in state.mapper.column_attrs:
        key = column_attr.key
        if key in obj.__audit_exclude__ or key == "version":
            continue
        history = attributes.get_history(obj, key)
        if new:
            value = getattr(obj, key)
            if value is not None and value != "":
                changes[key] = [None, _plain(value)]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            now = history.added[0] if history.added else None
            if old != now:
                changes[key] = [_plain(old), _plain(now)]
    return changes


def _summary(obj) -> str:
    try:
        text = obj.audit_summary() if hasattr(obj, "audit_summary") else ""
    except Exception:  # a summary must never break a save
        text = ""
    return (text or f"{obj.__audit_label__} #{getattr(obj, 'id', '')}")[:300]


def _visibility(obj) -> str:
    return getattr(obj, "audit_visibility", None) or getattr(obj, "visibility", None) or "government"


def audit_key() -> bytes | None:
    """The signing key, kept outside the database (AUDIT_KEY, or instance/audit_key)."""
    if not has_app_context():
        return None
    key = current_app.config.get("AUDIT_KEY")
    return key.encode() if isinstance(key, str) and key else None


def sign(key: bytes, event_hash_hex: str) -> str:
    return hmac.new(key, event_hash_hex.encode(), hashlib.sha256).hexdigest()


def head() -> tuple[int, str]:
    """(last event id, its hash): printed in published reports so that outsiders can anchor the
    chain; a later rewrite of the history would not end in the hash they kept."""

    row = db.session.execute(sa.select(AuditHead.__table__).where(AuditHead.__table__.c.id == 1)).first()
    return (row.last_event_id, row.last_hash) if row else (0, GENESIS_HASH)


def event_hash(prev_hash: str, fields: dict) -> str:
    payload = dict(fields, prev_hash=prev_hash)
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _hashed_fields(row: dict) -> dict:
    created = row["created_at"]
    if isinstance(created, datetime):
        created = created.replace(tzinfo=None).isoformat(timespec="microseconds")
    return {
        "contract_id": row["contract_id"],
        "actor_id": row["actor_id"],
        "actor_name": row["actor_name"],
        "action": row["action"],
        "entity_type": row["entity_type"],
        "entity_id": row["entity_id"],
        "summary": row["summary"],
        "changes": row["changes"],
        "visibility": row["visibility"],
        "is_sensitive": bool(row.get("is_sensitive", False)),
        "created_at": created,
    }


@event.listens_for(Session, "before_flush")
def _collect(session, flush_context, instances):
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        if isinstance(obj, Audited):
            pending.append(("create", obj, None))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            changes = _changes(obj, new=False)
            if changes:
                pending.append(("update", obj, changes))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            snapshot = {
                "contract_id": obj.contract_id,
                "entity_id": obj.id,
                "summary": _summary(obj),
                "visibility": _visibility(obj),
                "is_sensitive": bool(getattr(obj, "is_sensitive", False)),
            }
            pending.append(("delete", obj, snapshot))


@event.listens_for(Session, "after_flush")
def _write(session, flush_context):
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor = _current_actor()
    actor_id = getattr(actor, "id", None)
    actor_name = getattr(actor, "name", None) or "system"
    rows = []
    with session.no_autoflush:
        for action, obj, extra in pending:
            if action == "delete":
                base = extra
                changes = {}
            else:
                base = {
                    "contract_id": obj.contract_id,
                    "entity_id": obj.id,
                    "summary": _summary(obj),
                    "visibility": _visibility(obj),
                    "is_sensitive": bool(getattr(obj, "is_sensitive", False)),
                }
                changes = _changes(obj, new=True) if action == "create" else extra
            rows.append(
                {
                    **base,
                    "actor_id": actor_id,
                    "actor_name": actor_name,
                    "action": action,
                    "entity_type": obj.__audit_label__,
                    "changes": changes,
                    "created_at": utcnow(),
                }
            )
    _append(session.connection(), rows)


def _append(connection, rows: list[dict]) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    head_table = AuditHead.__table__
    events_table = AuditEvent.__table__
    head = connection.execute(sa.select(head_table).where(head_table.c.id == 1)).first()
    prev_hash = head.last_hash if head else GENESIS_HASH
    last_id = None
    key = audit_key()
    for row in rows:
        row["prev_hash"] = prev_hash
        row["hash"] = event_hash(prev_hash, _hashed_fields(row))
        row["signature"] = sign(key, row["hash"]) if key else None
        result = connection.execute(sa.insert(events_table).values(**row))
        last_id = result.inserted_primary_key[0]
        prev_hash = row["hash"]
    values = {"last_event_id": last_id, "last_hash": prev_hash}
    if head:
        connection.execute(sa.update(head_table).where(head_table.c.id == 1).values(**values))
    else:
        connection.execute(sa.insert(head_table).values(id=1, **values))


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""


def verify_chain(session, batch_size: int = 2000, key: bytes | None = None) -> VerifyResult:
    """Recompute every hash in order; name the first event whose content or link is wrong. With
    the signing key, every event's signature is checked too: someone who edits a row and then
    recomputes every later hash (which the chain alone cannot detect) cannot sign them. Events
    written before signing began (no signature, all before the first signed one) are accepted."""
    table = AuditEvent.__table__
    prev_hash = GENESIS_HASH
    checked = 0
    last_id = 0
    signing_began = False
    while True:
        batch = session.execute(
            sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch_size)
        ).mappings().all()
        if not batch:
            break
        for row in batch:
            row = dict(row)
            if row["prev_hash"] != prev_hash:
                return VerifyResult(False, checked, row["id"], "its link to the previous event is broken (an event before it was removed or altered)")
            if event_hash(prev_hash, _hashed_fields(row)) != row["hash"]:
                return VerifyResult(False, checked, row["id"], "its content does not match its hash (the row was edited)")
            if key is not None:
                signature = row.get("signature")
                if signature:
                    signing_began = True
                    if not hmac.compare_digest(signature, sign(key, row["hash"])):
                        return VerifyResult(False, checked, row["id"], "its signature is wrong (the chain was "
                                            "recomputed without the key, or the key is not the one that signed it)")
                elif signing_began:
                    return VerifyResult(False, checked, row["id"], "it is not signed, but events before it are "
                                        "(it was inserted or rewritten without the key)")
            prev_hash = row["hash"]
            last_id = row["id"]
            checked += 1
    head = session.execute(sa.select(AuditHead.__table__).where(AuditHead.__table__.c.id == 1)).first()
    if head is not None and (head.last_hash != prev_hash or head.last_event_id != (last_id or head.last_event_id)):
        return VerifyResult(False, checked, head.last_event_id, "the chain ends before its recorded head (events were removed from the end)")
    if head is None and checked:
        return VerifyResult(False, checked, last_id, "the chain head record is missing")
    return VerifyResult(True, checked)


def data_version(session, contract_id: int | None = None) -> tuple[int, datetime | None]:
    """(id, time) of the latest audit event, of one contract or of all: every change to a record
    writes one, so it versions what public pages show (their ETag and Last-Modified)."""
    table = AuditEvent.__table__
    query = sa.select(table.c.id, table.c.created_at).order_by(table.c.id.desc()).limit(1)
    if contract_id is not None:
        query = query.where(table.c.contract_id == contract_id)
    row = session.execute(query).first()
    created = row.created_at.replace(tzinfo=UTC) if row and row.created_at.tzinfo is None else (row.created_at if row else None)
    return (row.id, created) if row else (0, None)
