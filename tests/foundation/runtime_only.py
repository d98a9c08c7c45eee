"""Run by test_runtime_dependencies in a fresh interpreter where the development extras cannot be
imported: every portal module loads, and an approved report is published (PDF and page count)."""

from __future__ import annotations

import importlib
import importlib.abc
import pkgutil
import sys
import tempfile
from datetime import date
from pathlib import Path

# The `[dev]` extras of pyproject.toml (and what they pull in): a production install lacks them.
DEV_ONLY = {"pytest", "_pytest", "playwright", "jsonschema", "referencing", "pypdf", "hypothesis", "ruff",
            "importlinter", "grimp"}


class _RefuseDevPackages(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in DEV_ONLY:
            raise ModuleNotFoundError(f"{name} is a development dependency, not installed in production")
        return None


def main() -> None:
    sys.meta_path.insert(0, _RefuseDevPackages())
    import portal

    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)

    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    from portal.reports import services
    from tests.factories import build_world

    folder = Path(tempfile.mkdtemp(prefix="portal-runtime-"))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'runtime.db'}",
                      "SECRET_KEY": "runtime-check", "MAIL_BACKEND": "memory", "STORAGE_DIR": str(folder / "files")})
    with app.app_context(), app.test_request_context():
        upgrade()
        world = build_world()
        report = services.create_report(world.contract_a, world["public_officer"], kind="quarter",
                                        start=date(2026, 7, 1), end=date(2026, 9, 30),
                                        sections=["summary", "narrative", "methodology"], narrative="Published.")
        services.submit(report)
        services.approve(report, world["public_manager"])
        services.publish(report, world["public_manager"])
        db.session.commit()
        print(f"published {report.status} pages={report.pdf_pages} sha256={report.pdf_sha256}")


if __name__ == "__main__":
    main()
