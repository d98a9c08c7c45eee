"""Engine settings that make SQLite behave: foreign keys, WAL, busy timeout, real transactions.

Concurrent writers on SQLite: a deferred `BEGIN` that reads and then writes cannot wait for the
write lock (in WAL mode SQLite answers "database is locked" at once, because waiting could not
help a snapshot that is already stale). So every transaction that may write starts with
`BEGIN IMMEDIATE`, which takes the write lock up front and waits up to the busy timeout for it.
Requests with a safe method (GET, HEAD, OPTIONS) only read, and keep WAL's concurrent readers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, has_request_context, request

from portal.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def begin_statement() -> str:
    """`BEGIN` for a read-only request, `BEGIN IMMEDIATE` for everything that may write (unsafe
    requests, the command line, background jobs, tests)."""
    if has_request_context() and request.method in SAFE_METHODS:
        return "BEGIN"
    return "BEGIN IMMEDIATE"


def serialise(session, name: str, key: int = 0) -> None:
    """Make concurrent transactions that do `name` for `key` (e.g. number the next feedback of a
    contract) run one after the other until they commit. PostgreSQL: a transaction-scoped advisory
    lock; SQLite needs nothing, because writing transactions already begin immediately."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:name), :key)"),
                           {"name": name, "key": int(key)})


def _configure_sqlite(engine: sa.Engine, busy_timeout_ms: int) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (needed for savepoints).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(begin_statement())


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine, app.config.get("SQLITE_BUSY_TIMEOUT_MS", 30_000))


# Schema objects Alembic must neither create from the models nor compare: SQLite's FTS5 search
# table (made at run time, with its shadow tables) and PostgreSQL's expression index for search,
# which the migration creates by hand on PostgreSQL only.
UNMANAGED_TABLE_PREFIXES = ("search_fts",)
UNMANAGED_INDEXES = {"ix_search_documents_fts"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(UNMANAGED_TABLE_PREFIXES):
        return False
    return not (type_ == "index" and name in UNMANAGED_INDEXES)
