"""Reporting periods open themselves: each operating contract gets the current month's submission
(from `flask --app wsgi portal open-periods`, run daily, or when a member opens it from the
performance page), and the operator managers are told when a period opens and when its
submission is late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal import clock
from portal.contracts.models import Contract
from portal.extensions import db
from portal.performance import notices, queries
from portal.performance.models import Submission
from portal.performance.months import month_start
from portal.performance.services import open_submission


@dataclass
class PeriodsResult:
    opened: list[str] = field(default_factory=list)  # "NSH 2026-11"
    late: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # contracts without terms in force


def can_open(contract, today: date) -> bool:
    """The month of `today` is not open yet and has terms in force to be assessed against."""
    month = month_start(today)
    return queries.get_submission(contract, month) is None and queries.terms_for(contract, month) is not None


def ensure_period(contract, today: date) -> Submission | None:
    """Open the month of `today` if the contract has terms in force and it is not open yet; tell the
    operator managers. Returns the submission only when it was opened now."""
    if not can_open(contract, today):
        return None
    submission = open_submission(contract, today)
    notices.period_opened(contract, submission)
    return submission


def notify_late(contract, today: date) -> list[Submission]:
    """Periods still in draft past their deadline, each announced once to the operator managers."""
    late = list(db.session.scalars(sa.select(Submission).where(
        Submission.contract_id == contract.id, Submission.status == "draft", Submission.due_on < today,
        Submission.late_notified_at.is_(None)).order_by(Submission.month)))
    for submission in late:
        notices.period_late(contract, submission)
        submission.late_notified_at = clock.now()
    db.session.flush()
    return late


def open_periods(today: date | None = None) -> PeriodsResult:
    """Idempotent: opens the current month for every operating contract and announces late periods."""
    today = today or clock.today()
    result = PeriodsResult()
    contracts = db.session.scalars(sa.select(Contract).where(Contract.status == "operating").order_by(Contract.code))
    for contract in contracts:
        if queries.terms_for(contract, today) is None:
            result.skipped.append(contract.code)
        elif ensure_period(contract, today) is not None:
            result.opened.append(f"{contract.code} {today:%Y-%m}")
        result.late += [f"{contract.code} {s.key}" for s in notify_late(contract, today)]
    return result
