"""Batched Core inserts with explicit ids, and the audit events they imply, chained in bulk.

The flush hooks of portal.audit write one event per changed record, one statement at a time;
that is right for a web request and far too slow for millions of rows. `BulkWriter` writes the
same events itself: one `create` event per audited row, hashed with the very function the
verifier uses (`portal.audit.services.event_hash`), continued from the chain's head and leaving
the head on the last event, so `flask portal audit verify` passes and the ORM hooks carry on from
where the generator stopped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from portal.audit.models import GENESIS_HASH, Audited, AuditEvent, AuditHead
from portal.audit.services import _hashed_fields, _plain, event_hash
from portal.extensions import db

BATCH_ROWS = 5_000


def _defaults(table: sa.Table) -> dict[str, object]:
    """Scalar column defaults (callable ones, like timestamps and tokens, are set by the caller)."""
    return {column.key: column.default.arg for column in table.columns
            if column.default is not None and column.default.is_scalar}


class BulkWriter:
    """Buffers rows per table in the order tables are first used (parents before children) and
    writes them with executemany; every audited model's rows also get their chained events."""

    def __init__(self, progress: Callable[[int], None] | None = None, commit: bool = True):
        self.progress = progress or (lambda _n: None)
        self.commit = commit
        self._buffers: dict[sa.Table, list[dict]] = {}
        self._next_id: dict[str, int] = {}
        self._defaults: dict[sa.Table, dict] = {}
        self._audit: list[dict] = []
        self._buffered = 0
        head = db.session.execute(sa.select(AuditHead.__table__)).first()
        self._prev_hash = head.last_hash if head else GENESIS_HASH
        self._head_exists = head is not None
        self._last_event_id = self._max_id(AuditEvent.__table__)
        self.rows_written = 0

    # ---- ids ----------------------------------------------------------------------------------

    def _max_id(self, table: sa.Table) -> int:
        return db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0

    def next_id(self, model) -> int:
        """The id the next row of `model` will have (ids are given, so children can name parents)."""
        table = model.__table__
        if table.name not in self._next_id:
            self._next_id[table.name] = self._max_id(table) + 1
        value = self._next_id[table.name]
        self._next_id[table.name] = value + 1
        return value

    # ---- rows ---------------------------------------------------------------------------------

    def add(self, model, row: dict, *, summary: str | None = None, at: datetime | None = None) -> dict:
        """Queue one row of `model` (an id is given if missing); audited models also queue their
        `create` event, summarised by `summary` and dated `at` (default: the row's created_at)."""
        table = model.__table__
        if "id" not in row:
            row["id"] = self.next_id(model)
        if table not in self._defaults:
            self._defaults[table] = _defaults(table)
        full = {**self._defaults[table], **row}
        self._buffers.setdefault(table, []).append(full)
        self._buffered += 1
        if issubclass(model, Audited):
            self._queue_event(model, full, summary, at)
        if self._buffered >= BATCH_ROWS:
            self.flush()
        return full

    def _queue_event(self, model, row: dict, summary: str | None, at: datetime | None) -> None:
        excluded = set(model.__audit_exclude__) | {"version"}
        changes = {key: [None, _plain(value)] for key, value in row.items()
                   if key not in excluded and value is not None and value != ""}
        sensitive = row.get("is_sensitive", row.get("sensitive", False))
        visibility = getattr(model, "audit_visibility", None) or row.get("visibility") or "government"
        self._last_event_id += 1
        event = {
            "id": self._last_event_id,
            "contract_id": row.get("contract_id", row["id"] if model.__tablename__ == "contracts" else None),
            "actor_id": None, "actor_name": "system", "action": "create",
            "entity_type": model.__audit_label__, "entity_id": row["id"],
            "summary": (summary or f"{model.__audit_label__} #{row['id']}")[:300],
            "changes": changes, "visibility": visibility, "is_sensitive": bool(sensitive),
            "created_at": at or row.get("created_at"),
        }
        event["prev_hash"] = self._prev_hash
        event["hash"] = event_hash(self._prev_hash, _hashed_fields(event))
        self._prev_hash = event["hash"]
        self._audit.append(event)

    def flush(self) -> None:
        """Write every buffered row (tables in first-use order, then the audit events and head)."""
        for table, rows in self._buffers.items():
            if rows:
                db.session.execute(sa.insert(table), rows)
                self.rows_written += len(rows)
                self.progress(len(rows))
                rows.clear()
        self._buffered = 0
        if self._audit:
            db.session.execute(sa.insert(AuditEvent.__table__), self._audit)
            self.progress(len(self._audit))
            self.rows_written += len(self._audit)
            self._audit = []
            self._write_head()
        if self.commit:
            db.session.commit()

    def _write_head(self) -> None:
        head = AuditHead.__table__
        values = {"last_event_id": self._last_event_id, "last_hash": self._prev_hash}
        if self._head_exists:
            db.session.execute(sa.update(head).where(head.c.id == 1).values(**values))
        else:
            db.session.execute(sa.insert(head).values(id=1, **values))
            self._head_exists = True

    def finish(self) -> None:
        """Flush, then move PostgreSQL's id sequences past the ids given here."""
        self.flush()
        if db.session.get_bind().dialect.name != "postgresql":
            return
        for table in db.metadata.sorted_tables:
            # Only integer ids have sequences (health-check answers have random text ids).
            if ("id" in table.c and table.c.id.primary_key and table.c.id.autoincrement
                    and isinstance(table.c.id.type, sa.Integer)):
                db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
        if self.commit:
            db.session.commit()
