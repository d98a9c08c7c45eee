"""The tamper-evident audit trail: every change to a contract record, chained by SHA-256."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime
from portal.extensions import db

GENESIS_HASH = "0" * 64


class Audited:
    """Mixin for contract records whose create, update and delete write an AuditEvent.

    A model sets `__audit_label__`, has a `contract_id`, and may define `audit_summary()` and
    `audit_visibility` (else its `visibility` column decides who may read the event)."""

    __audit_label__ = "record"
    __audit_exclude__: tuple[str, ...] = ()


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int | None] = mapped_column(index=True)  # no FK: the trail outlives records
    actor_id: Mapped[int | None] = mapped_column()
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="system")
    action: Mapped[str] = mapped_column(sa.String(10))  # create | update | delete
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")
    # Copied from the record: events of sensitive records are read by SENSITIVE_ROLES only.
    is_sensitive: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # HMAC-SHA256 of `hash` with a key kept outside the database (AUDIT_KEY or instance/audit_key):
    # recomputing every later hash after an edit no longer passes verification without the key.
    signature: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (sa.Index("ix_audit_events_contract_id_id", "contract_id", "id"),)


class AuditHead(db.Model):
    """One row naming the last event, so that removing events from the end is detected too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)
