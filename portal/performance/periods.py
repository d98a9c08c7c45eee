"""Reporting periods open themselves: each operating contract gets the current month's submission
(from `flask --app wsgi portal open-periods`, run daily, or on the first visit), and the operator
managers are told when a period opens and when its submission is late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.extensions import db
from portal.performance import services
from portal.performance.models import Submission


@dataclass
class PeriodsResult:
    opened: list[str] = field(default_factory=list)  # "NSH 2026-11"
    late: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # contracts without terms in force


def operator_managers(contract) -> list:
    return users_with_roles(contract, "operator_manager")


def _url(contract, submission) -> str:
    return f"/contracts/{contract.code}/performance/{submission.key}"


def ensure_period(contract, today: date) -> Submission | None:
    """Open the month of `today` if the contract has terms in force and it is not open yet; tell the
    operator managers. Returns the submission only when it was opened now."""
    from portal.notifications.services import notify_many

    month = services.month_start(today)
    if services.get_submission(contract, month) is not None or services.terms_for(contract, month) is None:
        return None
    submission = services.open_submission(contract, month)
    notify_many(operator_managers(contract), f"{contract.code} performance for {submission.label} is open",
                f"The reporting period {submission.label} is open for your KPI measurements, failure events and "
                f"evidence. Submit it by {submission.due_on:%d %B %Y}.", url=_url(contract, submission),
                contract=contract)
    return submission


def notify_late(contract, today: date) -> list[Submission]:
    """Periods still in draft past their deadline, each announced once to the operator managers."""
    from portal.notifications.services import notify_many

    late = list(db.session.scalars(sa.select(Submission).where(
        Submission.contract_id == contract.id, Submission.status == "draft", Submission.due_on < today,
        Submission.late_notified_at.is_(None)).order_by(Submission.month)))
    for submission in late:
        notify_many(operator_managers(contract), f"{contract.code} performance for {submission.label} is late",
                    f"The submission for {submission.label} was due on {submission.due_on:%d %B %Y} and has not "
                    "been submitted. It will be flagged as late when it is.", url=_url(contract, submission),
                    contract=contract)
        submission.late_notified_at = utcnow()
    db.session.flush()
    return late


def open_periods(today: date | None = None) -> PeriodsResult:
    """Idempotent: opens the current month for every operating contract and announces late periods."""
    from portal.contracts.models import Contract

    today = today or utcnow().date()
    result = PeriodsResult()
    contracts = db.session.scalars(sa.select(Contract).where(Contract.status == "operating").order_by(Contract.code))
    for contract in contracts:
        if services.terms_for(contract, today) is None:
            result.skipped.append(contract.code)
        elif ensure_period(contract, today) is not None:
            result.opened.append(f"{contract.code} {today:%Y-%m}")
        result.late += [f"{contract.code} {s.key}" for s in notify_late(contract, today)]
    return result
