"""Demonstration data: three contracts with their people and a year of history.

Each module here with `ORDER` and `seed(ctx)` contributes its feature's story; they run in ORDER.
Seeding is idempotent: running it twice changes nothing."""

from __future__ import annotations

import importlib
import pkgutil

from portal.audit.services import acting_as
from portal.mail import muted

DEMO_PASSWORD = "partnership-demo-2026"


class DemoContext(dict):
    """Shared between seeders: contracts by code, users by key, organisations by key."""


def load_demo() -> str:

    ctx = DemoContext()
    modules = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "seed"):
            modules.append(module)
    lines = []
    with acting_as(None), muted():
        for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 50)):
            result = module.seed(ctx)
            if result:
                lines.append(result)
    return "\n".join(lines) or "Demo data already present."
