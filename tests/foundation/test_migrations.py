"""`flask db upgrade` from an empty database reaches the models exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import tempfile
import uuid
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal import create_app
from portal.database import include_object
from portal.extensions import db


@pytest.fixture
def empty_database_url():
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgresql"):
        name = f"portal_migrations_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.engine.make_url(base).set(database=name)
        yield url.render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        folder = Path(tempfile.mkdtemp(prefix="portal-migrations-"))
        yield f"sqlite:///{folder / 'empty.db'}"


def test_upgrade_from_empty_reaches_the_models(empty_database_url):
    from flask_migrate import downgrade, upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        engine = db.engine
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object})
            with warnings.catch_warnings():
                # PostgreSQL's search index is an expression index, which reflection skips.
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
                warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
                drift = compare_metadata(context, db.metadata)
        summary = [f"{d[0]} {getattr(d[1], 'name', '') if not isinstance(d, list) else d}" for d in drift]
        assert not drift, f"Models and migrations differ; generate a migration: {summary}"
        downgrade(revision="base")
        with engine.connect() as connection:
            left = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
        assert not left, f"Downgrade to base left tables behind: {left}"
        engine.dispose()
