"""Backup and restore: the database and the stored files in one archive, restorable into an
empty instance.

`portal backup PATH` writes a .tar.gz holding the database (SQLite's online backup API, safe while
the portal runs; `pg_dump --format=custom` on PostgreSQL), every stored file, and a manifest with
the schema revision, each table's row count and each file's SHA-256. `portal restore PATH` puts
them into an instance whose database and file store are empty, then checks the counts and hashes.
The signing keys (SECRET_KEY, AUDIT_KEY) are not in the archive: keep them with your secrets."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

FORMAT = 1


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


@dataclass
class Target:
    database_url: str
    storage_dir: Path

    @property
    def kind(self) -> str:
        return "postgresql" if self.database_url.startswith("postgresql") else "sqlite"

    def sqlite_path(self) -> Path:
        database = sa.engine.make_url(self.database_url).database
        if not database or database == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
        return Path(database)

    def libpq_url(self) -> str:
        url = sa.engine.make_url(self.database_url).set(drivername="postgresql")
        return url.render_as_string(hide_password=False)


def file_hashes(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `root`."""
    hashes = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hashes[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def table_counts(database_url: str) -> dict[str, int]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            names = sorted(sa.inspect(connection).get_table_names())
            return {name: connection.execute(sa.text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
                    for name in names}
    finally:
        engine.dispose()


def _revision(database_url: str) -> str | None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            if "alembic_version" not in sa.inspect(connection).get_table_names():
                return None
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup(source: Target, path: Path) -> dict:
    """Write the archive at `path`; returns its manifest."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as folder:
        work = Path(folder)
        if source.kind == "sqlite":
            database_file = "database.sqlite"
            with sqlite3.connect(source.sqlite_path()) as live, sqlite3.connect(work / database_file) as copy:
                live.backup(copy)  # a consistent snapshot while writers carry on
            copy.close()
            live.close()
        else:
            database_file = "database.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={work / database_file}", source.libpq_url()])
        files = work / "files"
        if source.storage_dir.exists():
            shutil.copytree(source.storage_dir, files)
        else:
            files.mkdir()
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": source.kind,
            "database_file": database_file,
            "database_sha256": hashlib.sha256((work / database_file).read_bytes()).hexdigest(),
            "revision": _revision(source.database_url),
            "tables": table_counts(source.database_url),
            "files": file_hashes(files),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            for name in ("manifest.json", database_file, "files"):
                archive.add(work / name, arcname=name)
        partial.replace(path)
    return manifest


def _is_empty(target: Target) -> bool:
    if target.kind == "sqlite":
        path = target.sqlite_path()
        if not path.exists() or path.stat().st_size == 0:
            return True
    engine = sa.create_engine(target.database_url)
    try:
        with engine.connect() as connection:
            return not sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()


def restore(path: Path, target: Target) -> dict:
    """Restore the archive at `path` into `target`, which must be empty; returns the manifest."""
    if not _is_empty(target):
        raise BackupError("The database is not empty. Restore into a new, empty database.")
    if target.storage_dir.exists() and any(target.storage_dir.iterdir()):
        raise BackupError(f"The file store {target.storage_dir} is not empty. Restore into an empty folder.")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as folder:
        work = Path(folder)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # no absolute paths, no links out, no devices
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if manifest["database"] != target.kind:
            raise BackupError(f"This backup holds a {manifest['database']} database; the target is {target.kind}.")
        database_file = work / manifest["database_file"]
        if hashlib.sha256(database_file.read_bytes()).hexdigest() != manifest["database_sha256"]:
            raise BackupError("The database in the archive does not match its recorded SHA-256.")
        if target.kind == "sqlite":
            destination = target.sqlite_path()
            destination.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(database_file) as saved, sqlite3.connect(destination) as live:
                saved.backup(live)
            saved.close()
            live.close()
        else:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                  f"--dbname={target.libpq_url()}", str(database_file)])
        target.storage_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(work / "files", target.storage_dir, dirs_exist_ok=True)
    problems = []
    restored_files = file_hashes(target.storage_dir)
    if restored_files != manifest["files"]:
        problems.append("the restored files differ from the manifest")
    if table_counts(target.database_url) != manifest["tables"]:
        problems.append("the restored row counts differ from the manifest")
    if problems:
        raise BackupError("Restore incomplete: " + "; ".join(problems) + ".")
    return manifest
