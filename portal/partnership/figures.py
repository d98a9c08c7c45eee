"""Partnership figures: health-check results (aggregates only, with the anonymity threshold), the
trend and the perception gap, and the power-interest map's geometry. The reports package may
import this module (a transparency-report section shows the released trend).

Anonymity: a side's scores and comments show only for a closed round with at least MIN_ANSWERS
answers from that side; the gap only when both sides reach it. An open round shows counts only,
so that nobody can learn an answer by watching the averages move after someone answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from portal.extensions import db
from portal.partnership.models import (
    DIMENSIONS,
    HIGH,
    QUADRANTS,
    SIDES,
    HealthCheckAnswer,
    HealthCheckRound,
)

MIN_ANSWERS = 3
LOW_SCORE = Decimal("3.0")  # a side's average below this suggests an action
WIDE_GAP = Decimal("1.0")  # a gap between the sides of this or more suggests an action


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class SideResult:
    side: str
    answers: int
    shown: bool  # False: "not enough answers" (or the round is still open)
    scores: dict[str, Decimal] = field(default_factory=dict)
    overall: Decimal | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return SIDES[self.side]


@dataclass
class RoundResult:
    round: HealthCheckRound
    sides: dict[str, SideResult]
    gaps: dict[str, Decimal] = field(default_factory=dict)  # government minus operator
    overall_gap: Decimal | None = None
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (dimension, why)


def round_result(rnd: HealthCheckRound) -> RoundResult:
    rows = db.session.scalars(sa.select(HealthCheckAnswer).where(HealthCheckAnswer.round_id == rnd.id)).all()
    sides = {}
    for side in SIDES:
        answers = [a for a in rows if a.side == side]
        shown = rnd.status == "closed" and len(answers) >= MIN_ANSWERS
        result = SideResult(side, len(answers), shown)
        if shown:
            result.scores = {d: _mean([getattr(a, d) for a in answers]) for d in DIMENSIONS}
            result.overall = _mean([getattr(a, d) for a in answers for d in DIMENSIONS])
            # Sorted, never in the order given: the order would say who wrote what.
            result.comments = sorted(a.comment.strip() for a in answers if a.comment.strip())
        sides[side] = result
    outcome = RoundResult(rnd, sides)
    gov, ops = sides["government"], sides["operator"]
    if gov.shown and ops.shown:
        outcome.gaps = {d: gov.scores[d] - ops.scores[d] for d in DIMENSIONS}
        outcome.overall_gap = gov.overall - ops.overall
    outcome.suggestions = _suggestions(outcome)
    return outcome


def _suggestions(result: RoundResult) -> list[tuple[str, str]]:
    found = []
    for dimension, (label, _question) in DIMENSIONS.items():
        low = [s for s in result.sides.values() if s.shown and s.scores[dimension] < LOW_SCORE]
        gap = result.gaps.get(dimension)
        reasons = [f"{s.label.lower()} rates it {s.scores[dimension]}" for s in low]
        if gap is not None and abs(gap) >= WIDE_GAP:
            reasons.append(f"the sides are {abs(gap)} apart")
        if reasons:
            found.append((dimension, f"{label}: " + " and ".join(reasons) + "."))
    return found


def trend(contract, *, released_only: bool = False, limit: int = 8) -> list[RoundResult]:
    """Results of the contract's closed rounds, oldest first (the report uses released_only)."""
    query = sa.select(HealthCheckRound).where(HealthCheckRound.contract_id == contract.id,
                                              HealthCheckRound.status == "closed")
    if released_only:
        query = query.where(HealthCheckRound.released.is_(True))
    rounds = list(db.session.scalars(query.order_by(HealthCheckRound.closes_on.desc()).limit(limit)))
    return [round_result(r) for r in reversed(rounds)]


# ---- the power-interest map ---------------------------------------------------------------

MAP_SIZE = 400  # the plotting square, in SVG units
MAP_MARGIN = 48


@dataclass
class Dot:
    number: int
    stakeholder: object
    x: float
    y: float


def _axis(value: int) -> float:
    """1..5 to the plotting square: cell centres at 0.1, 0.3, ... 0.9 of the side."""
    return (value - 0.5) / 5 * MAP_SIZE


def power_interest_map(stakeholders) -> dict:
    """Positions of the numbered dots (interest across, influence up), spreading dots that share a
    cell, and the quadrant boundaries at HIGH."""
    by_cell: dict[tuple[int, int], list] = {}
    for s in stakeholders:
        by_cell.setdefault((s.interest, s.influence), []).append(s)
    dots = []
    offsets = [(0, 0), (-14, -12), (14, -12), (-14, 12), (14, 12), (0, -24), (0, 24)]
    for number, s in enumerate(stakeholders, start=1):
        siblings = by_cell[(s.interest, s.influence)]
        dx, dy = offsets[siblings.index(s) % len(offsets)] if len(siblings) > 1 else (0, 0)
        dots.append(Dot(number, s, MAP_MARGIN + _axis(s.interest) + dx,
                        MAP_MARGIN + MAP_SIZE - _axis(s.influence) + dy))
    split = MAP_MARGIN + (HIGH - 1) / 5 * MAP_SIZE
    return {"dots": dots, "size": MAP_SIZE, "margin": MAP_MARGIN, "split_x": split,
            "split_y": MAP_MARGIN + MAP_SIZE - (HIGH - 1) / 5 * MAP_SIZE, "quadrants": QUADRANTS}
