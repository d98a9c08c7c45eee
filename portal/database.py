"""Engine settings that make SQLite behave: foreign keys, WAL, busy timeout, real transactions
(immediate ones for writers)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, has_request_context, request

from portal.extensions import db


def _configure_sqlite(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (needed for savepoints).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes() else "BEGIN")


def _writes() -> bool:
    """Whether this transaction belongs to a request that changes something. Such transactions take
    SQLite's write lock when they begin (BEGIN IMMEDIATE), so concurrent writers queue on the busy
    timeout instead of one failing with "database is locked" when it upgrades a read lock that
    another writer has made stale. Pages (GET) and commands keep deferred transactions: a long
    read (`portal audit verify`) must not hold the write lock."""
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)


# Schema objects Alembic must neither create from the models nor compare: SQLite's FTS5 search
# table (made at run time, with its shadow tables) and PostgreSQL's expression index for search,
# which the migration creates by hand on PostgreSQL only.
UNMANAGED_TABLE_PREFIXES = ("search_fts",)
UNMANAGED_INDEXES = {"ix_search_documents_fts"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(UNMANAGED_TABLE_PREFIXES):
        return False
    return not (type_ == "index" and name in UNMANAGED_INDEXES)
