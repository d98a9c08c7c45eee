"""Finding 1: concurrent read-then-write transactions on SQLite wait for each other instead of
failing with "database is locked" (BEGIN IMMEDIATE and a busy timeout)."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.database import begin_statement  # noqa
from portal.extensions import db


def test_unsafe_requests_and_scripts_begin_immediately(app):
    with app.test_request_context("/feedback/new", method="POST"):
        assert begin_statement() == "BEGIN IMMEDIATE"
    with app.test_request_context("/reports", method="GET"):
        assert begin_statement() == "BEGIN"
    with app.app_context():  # command line, jobs
        assert begin_statement() == "BEGIN IMMEDIATE"


def test_concurrent_read_then_write_transactions_all_succeed(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite locking")
    folder = Path(tempfile.mkdtemp(prefix="portal-locks-"))
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'locks.db'}",
                        "SQLITE_BUSY_TIMEOUT_MS": 10_000})
    with other.app_context():
        engine = db.engine
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
            connection.exec_driver_sql("INSERT INTO counter VALUES (1, 0)")
    barrier = threading.Barrier(6)
    failures: list[str] = []

    def worker():
        with other.app_context():
            try:
                barrier.wait(timeout=5)
                with db.engine.connect() as connection, connection.begin():
                    n = connection.execute(sa.text("SELECT n FROM counter WHERE id = 1")).scalar_one()
                    time.sleep(0.05)  # the others read meanwhile, under a deferred BEGIN
                    connection.execute(sa.text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                failures.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with other.app_context():
        with db.engine.connect() as connection:
            total = connection.execute(sa.text("SELECT n FROM counter")).scalar_one()
        db.engine.dispose()
    assert failures == []
    assert total == 6  # every read-then-write saw the previous one's result: no lost update
