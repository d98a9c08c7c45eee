"""`portal backup` then `portal restore` into an empty instance gives back every table row for row
and every stored file byte for byte (SQLite's online backup API; pg_dump/pg_restore on PostgreSQL)."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app, storage
from portal.backup import BackupError, Target, backup, file_hashes, restore
from portal.extensions import db


@pytest.fixture
def databases():
    """Two empty databases of the kind the suite runs on: the source and the restore target."""
    base = os.environ.get("DATABASE_URL", "")
    folder = Path(tempfile.mkdtemp(prefix="portal-backup-test-"))
    if not base.startswith("postgresql"):
        yield f"sqlite:///{folder / 'source.db'}", f"sqlite:///{folder / 'target.db'}", folder
        return
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    names = [f"portal_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    urls = [sa.engine.make_url(base).set(database=n).render_as_string(hide_password=False) for n in names]
    yield urls[0], urls[1], folder
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _seed(app, monkeypatch) -> None:
    """Contracts, people, feedback with an attachment, evidence files and their audit events."""
    from flask_migrate import upgrade

    from portal.feedback import intake, settings
    from portal.performance import services as performance
    from tests import factories
    from tests.performance import helpers

    with app.app_context():
        upgrade()
        session = scoped_session(sessionmaker(bind=db.engine))
        monkeypatch.setattr(db, "session", session)
        world = factories.build_world()
        sub = helpers.submission(world.contract_a)
        for n in range(3):
            stored = storage.store_bytes(b"%PDF-1.4\n% evidence " + str(n).encode() + b"\n%%EOF\n",
                                         f"evidence-{n}.pdf", storage.EVIDENCE)
            performance.add_evidence(sub, stored, world["operator_staff"], f"Evidence {n}")
        photo = storage.store_bytes(b"%PDF-1.4\n% a photo of the gate\n%%EOF\n", "gate.pdf", storage.DOCUMENTS)
        settings.ensure_defaults(world.contract_a)
        category = settings.categories(world.contract_a)[0]
        intake.create_feedback(world.contract_a, intake.Submission(
            kind="complaint", category=category, text="Broken gate, ünïcødé ✓"), stored_files=[photo])
        session.commit()
        session.remove()
        db.engine.dispose()


def _rows(url: str) -> dict[str, list]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            tables = {}
            for name in sorted(inspector.get_table_names()):
                rows = connection.execute(sa.text(f'SELECT * FROM "{name}"')).all()
                tables[name] = sorted(tuple(map(repr, row)) for row in rows)
            return tables
    finally:
        engine.dispose()


def test_backup_and_restore_round_trip_is_exact(databases, monkeypatch, tmp_path):
    source_url, target_url, folder = databases
    source = Target(source_url, folder / "source-files")
    target = Target(target_url, folder / "target-files")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": source_url, "STORAGE_DIR": str(source.storage_dir),
                      "AUDIT_KEY": "backup-test-key"})
    _seed(app, monkeypatch)
    archive = tmp_path / "portal-backup.tar.gz"
    manifest = backup(source, archive)
    assert manifest["tables"]["audit_events"] > 10 and len(manifest["files"]) == 4

    restore(archive, target)
    original, restored = _rows(source_url), _rows(target_url)
    assert set(original) == set(restored)
    for table in original:
        assert original[table] == restored[table], table
    assert file_hashes(source.storage_dir) == file_hashes(target.storage_dir) == manifest["files"]

    # the restored instance works: its audit chain verifies with the same key
    restored_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": target_url,
                               "STORAGE_DIR": str(target.storage_dir), "AUDIT_KEY": "backup-test-key"})
    with restored_app.app_context():
        monkeypatch.setattr(db, "session", scoped_session(sessionmaker(bind=db.engine)))
        from portal.audit.services import audit_key, verify_chain

        assert verify_chain(db.session, key=audit_key()).ok
        db.session.remove()
        db.engine.dispose()

    # restoring over data is refused
    with pytest.raises(BackupError, match="not empty"):
        restore(archive, target)
