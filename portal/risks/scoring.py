"""The rules of risk scoring: pure functions, no database, no Flask.

Likelihood and impact are each rated 1 to 5; the score is their product, so it can only be one
of 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20 or 25. Products 7, 11, 13, 14, 17, 18, 19 and 21-24
cannot occur.

Rating bands (from the score, by lower bound, so that every integer has exactly one band):
- low: 1-4
- medium: 5-9
- high: 10-16 (15 = 3 x 5, "possible" with a "severe" impact or the reverse, is high)
- critical: 20-25 (only 20 = 4 x 5 and 25 = 5 x 5 occur)
A score of 17, 18 or 19 cannot be produced; were one given, it would read as high (below 20).

Next review, from the band of the residual score: critical monthly, high quarterly, medium every
six months, low yearly, counted from the day of the review (the same day of the month; the 31st
becomes the last day of a shorter month)."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

LIKELIHOODS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACTS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
BANDS = ("low", "medium", "high", "critical")
BAND_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}
# Lowest score of each band, highest band first.
BAND_FLOORS = (("critical", 20), ("high", 10), ("medium", 5), ("low", 1))
REVIEW_MONTHS = {"critical": 1, "high": 3, "medium": 6, "low": 12}
REVIEW_LABELS = {"critical": "monthly", "high": "quarterly", "medium": "every six months", "low": "yearly"}
POSSIBLE_SCORES = tuple(sorted({lk * im for lk in range(1, 6) for im in range(1, 6)}))


def check_rating(value: int, what: str = "rating") -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise ValueError(f"{what} must be a whole number from 1 to 5, not {value!r}")
    return value


def score(likelihood: int, impact: int) -> int:
    return check_rating(likelihood, "likelihood") * check_rating(impact, "impact")


def band(value: int) -> str:
    """The rating band of a score (1-25)."""
    if not isinstance(value, int) or not 1 <= value <= 25:
        raise ValueError(f"a score runs from 1 to 25, not {value!r}")
    return next(name for name, floor in BAND_FLOORS if value >= floor)


def band_floor(name: str) -> int:
    return dict(BAND_FLOORS)[name]


def band_ceiling(name: str) -> int:
    """The highest score of a band (for SQL range filters)."""
    floors = dict(BAND_FLOORS)
    higher = [floor for other, floor in BAND_FLOORS if floor > floors[name]]
    return min(higher) - 1 if higher else 25


def next_review(band_name: str, reviewed_on: date) -> date:
    return reviewed_on + relativedelta(months=REVIEW_MONTHS[band_name])


def movement(previous: int | None, current: int) -> str:
    """Since the last review: "up" (worse for a threat, a larger opportunity), "down" or "same";
    "new" when there was no earlier score."""
    if previous is None:
        return "new"
    if current > previous:
        return "up"
    if current < previous:
        return "down"
    return "same"


MOVEMENT_SYMBOLS = {"up": "↑", "down": "↓", "same": "=", "new": "–"}
MOVEMENT_LABELS = {"up": "score rose since the last review", "down": "score fell since the last review",
                   "same": "score unchanged since the last review", "new": "not reviewed yet"}
