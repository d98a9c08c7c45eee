"""Synthetic data at scale: `flask --app wsgi portal generate --scale N`.

Fills an EMPTY database with deterministic data (a fixed seed: the same scale gives the same rows)
shaped like the demo. At scale 1: 50 contracts over ten years, about 200,000 feedback items with
their timelines, 6,000 monthly performance submissions with 150,000 measurements, their failure
events, review decisions and payment statements, and one chained audit event per record. Scales
above 1 add contracts (each keeps ten years of history); fractional scales (0.1, 0.01, 0.001) keep
fewer contracts and, below 0.02, fewer months and items per contract, for tests and quick runs.

The contract for a feature's generator (one module per feature in this package, found by
`pkgutil` as portal/demo/ finds its seeders, so a new feature adds `portal/generate/<feature>.py`
and nothing else changes):

- `ORDER`: an int; modules run in increasing ORDER (foundation 0, performance 30, feedback 40,
  reports 90, the search index 95). A feature's module runs after the ones whose rows it names.
- `estimate(plan: Plan) -> int`: about how many rows it will write (for the progress bar).
- `generate(ctx: GenerationContext) -> str`: writes its rows and returns one line for the summary.
  It adds rows with `ctx.writer.add(Model, row_dict, summary=..., at=...)` (never through the
  ORM session, which would fire the audit hooks one object at a time): the writer gives ids,
  batches Core inserts, and writes each audited row's chained `create` event. It draws every
  random choice from `ctx.rng(name)` (a Random seeded from the plan's seed and `name`) so that
  one module's output does not shift when another changes. It reads what earlier modules made
  from `ctx` (contracts, users by contract and role, ...) and leaves what later ones need there.
  Times are aware UTC datetimes before `ctx.now` (the start of today, UTC); amounts are Decimal
  or minor units.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from portal import clock
from portal.auth.models import User
from portal.contracts.models import Contract
from portal.extensions import db
from portal.generate.bulk import BulkWriter

SEED = 20_261_118
SCALE_ONE = {"contracts": 50, "months": 120, "feedback": 200_000, "kpis": 25}


class GenerationError(RuntimeError):
    """The database is not empty, or the scale makes no sense."""


@dataclass(frozen=True)
class Plan:
    scale: float
    contracts: int
    months: int  # of history per contract, ending with the current month
    feedback_per_contract: int
    kpis_per_contract: int
    seed: int = SEED

    @classmethod
    def for_scale(cls, scale: float, seed: int = SEED) -> Plan:
        if not 0 < scale <= 20:
            raise GenerationError("The scale must be above 0 and at most 20.")
        contracts = max(1, round(SCALE_ONE["contracts"] * scale))
        per_contract = SCALE_ONE["contracts"] * scale / contracts  # 1.0 once contracts are whole
        months = max(3, min(SCALE_ONE["months"], round(SCALE_ONE["months"] * per_contract)))
        feedback = max(20, round(SCALE_ONE["feedback"] / SCALE_ONE["contracts"] * per_contract))
        return cls(scale, contracts, months, feedback, SCALE_ONE["kpis"], seed)


@dataclass
class GenerationContext:
    """What the modules share: the plan, the writer, the instant the history ends, and `shared`
    (contracts, users, ... keyed by the module that made them)."""

    plan: Plan
    writer: BulkWriter
    now: datetime
    shared: dict = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.plan.seed}:{name}")


def generator_modules() -> list:
    modules = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "generate") and hasattr(module, "estimate"):
            modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 50))


def ensure_empty() -> None:
    if db.session.scalar(sa.select(sa.func.count(Contract.id))) or db.session.scalar(
            sa.select(sa.func.count(User.id))):
        raise GenerationError("The database is not empty: generate fills an empty database only "
                              "(create a new one and run `flask --app wsgi db upgrade`).")


def estimate(plan: Plan) -> int:
    """Rows to write, audit events included (about twice the records)."""
    return sum(module.estimate(plan) for module in generator_modules()) * 2


def generate(plan: Plan, progress=None, commit: bool = True) -> list[str]:
    """Write the plan's data; returns one summary line per module."""
    ensure_empty()
    writer = BulkWriter(progress, commit=commit)
    # The history ends at the start of today (UTC): the same seed on the same day, the same rows.
    today = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    ctx = GenerationContext(plan=plan, writer=writer, now=today)
    lines = []
    for module in generator_modules():
        lines.append(module.generate(ctx))
        writer.flush()
    writer.finish()
    return [line for line in lines if line]
