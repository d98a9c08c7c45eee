"""Fixtures: one app and schema per run; every test inside a rolled-back transaction.

DATABASE_URL picks the database (SQLite in a temporary folder by default; PostgreSQL in CI)."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_login import FlaskLoginClient
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import clock, create_app
from portal.extensions import db, limiter
from tests import factories
from tests.hostile import HOSTILE

_TMP = Path(tempfile.mkdtemp(prefix="portal-tests-"))

# The whole suite runs at one pinned instant, so that it passes on any day; `make test-dates`
# runs it again at the awkward ones (month and year ends, a leap day).
PINNED_NOW = datetime.fromisoformat(os.environ.get("PORTAL_TEST_NOW") or "2026-11-18T10:30:00+00:00")


@pytest.fixture(scope="session", autouse=True)
def _pinned_clock():
    clock.travel_to(PINNED_NOW)
    yield
    clock.back_to_real_time()


def _database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"


def _reset_schema(engine) -> None:
    """Start each run from an empty schema, then build it with the migrations (and the models)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


class PortalLoginClient(FlaskLoginClient):
    """FlaskLoginClient(user=...) with a server-side session record, as a real sign-in makes."""

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if user is not None:
            from portal.auth import sessions

            secret = sessions.open_record(user, "test client")
            db.session.commit()  # a savepoint here: a view's rollback must not take the session away
            with self.session_transaction() as cookie:
                sessions.stamp_cookie(cookie, secret)


@pytest.fixture(scope="session")
def app():
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(),
            "SECRET_KEY": "test-secret-key",
            "AUDIT_KEY": "test-audit-key",
            "WTF_CSRF_ENABLED": False,
            "MAIL_BACKEND": "memory",
            "SESSION_PROTECTION": "basic",
            "SESSION_COOKIE_SECURE": False,
            "STORAGE_DIR": str(_TMP / "files"),
            "SERVER_NAME": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            # The general suite signs people in with the test client; tests/auth/test_two_factor.py
            # turns two-factor sign-in on.
            "TWO_FACTOR_REQUIRED": False,
        }
    )
    app.test_client_class = PortalLoginClient

    @app.before_request
    def _keep_what_the_test_built():
        # Tests build their data with flushes inside the test's transaction; a request that rolls
        # back its own work (a refused form: portal.web.save_form) must not undo the test's.
        db.session.commit()

    with app.app_context():
        _reset_schema(db.engine)
        from flask_migrate import upgrade

        upgrade()
        db.create_all()  # tables whose migration is not written yet; the drift test catches them
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter does


@pytest.fixture(autouse=True)
def _transaction(request):
    """Run the test inside a transaction that is rolled back: the app's commits become savepoints.

    Browser tests talk to a live server with its own database, so they keep the real session."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        )
        limiter.reset()
        app.extensions.pop("portal_outbox", None)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(app):
    """login(user) -> a test client signed in as `user` (None = anonymous)."""

    def _login(user):
        return app.test_client(user=user) if user is not None else app.test_client()

    return _login


@pytest.fixture
def world(app):
    return factories.build_world()


@pytest.fixture(params=range(len(HOSTILE)), ids=lambda i: f"hostile{i}")
def hostile(request) -> str:
    """Each string of the hostile-input corpus (tests/hostile.py) in turn."""
    return HOSTILE[request.param]


@pytest.fixture
def hostile_corpus() -> list[str]:
    """The whole corpus at once, for tests that post every string in one go."""
    return list(HOSTILE)


@pytest.fixture
def outbox(app):
    from portal.mail import outbox as get

    return get()
