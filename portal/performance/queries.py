"""Reading the performance record: the framework in force, the months and their statements.

Plain functions over the session; nothing here changes a row."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.performance.models import (
    SETTLED_STATUSES,
    FailureEvent,
    FunctionalArea,
    Kpi,
    Measurement,
    PaymentStatement,
    PaymentTerms,
    ReviewDecision,
    Submission,
)
from portal.performance.months import month_start

REVIEW_QUEUE_STATUSES = ("submitted", "queried", "accepted", "approved")
LINE_MODELS = {"measurement": Measurement, "event": FailureEvent}


# ---- the framework ------------------------------------------------------------------------


def terms_for(contract, month: date) -> PaymentTerms | None:
    """The payment terms in force for `month` (the latest effective on or before its first day)."""
    return db.session.scalar(
        sa.select(PaymentTerms)
        .where(PaymentTerms.contract_id == contract.id, PaymentTerms.effective_from <= month_start(month))
        .order_by(PaymentTerms.effective_from.desc())
        .limit(1)
    )


def terms_versions(contract) -> list[PaymentTerms]:
    """Every version of the contract's payment terms, the latest effective date first."""
    return list(db.session.scalars(sa.select(PaymentTerms).where(PaymentTerms.contract_id == contract.id)
                                   .order_by(PaymentTerms.effective_from.desc())))


def areas_of(contract) -> list[FunctionalArea]:
    return list(db.session.scalars(
        sa.select(FunctionalArea).where(FunctionalArea.contract_id == contract.id).order_by(FunctionalArea.name)))


def kpis_of(contract, public_only: bool = False) -> list[Kpi]:
    query = sa.select(Kpi).where(Kpi.contract_id == contract.id)
    if public_only:
        query = query.where(Kpi.public.is_(True))
    return list(db.session.scalars(query.order_by(Kpi.position, Kpi.code)))


def last_settled_month(contract) -> date | None:
    """The latest month approved or countersigned: terms in force then are never changed."""
    return db.session.scalar(sa.select(sa.func.max(Submission.month)).where(
        Submission.contract_id == contract.id, Submission.status.in_(SETTLED_STATUSES)))


def settled_months_under(terms: PaymentTerms) -> list[date]:
    """The settled months that were assessed against these terms."""
    later = db.session.scalar(sa.select(sa.func.min(PaymentTerms.effective_from)).where(
        PaymentTerms.contract_id == terms.contract_id, PaymentTerms.effective_from > terms.effective_from))
    query = sa.select(Submission.month).where(
        Submission.contract_id == terms.contract_id, Submission.status.in_(SETTLED_STATUSES),
        Submission.month >= terms.effective_from)
    if later is not None:
        query = query.where(Submission.month < later)
    return list(db.session.scalars(query.order_by(Submission.month)))


# ---- the months ---------------------------------------------------------------------------


def get_submission(contract, month: date) -> Submission | None:
    return db.session.scalar(sa.select(Submission).where(
        Submission.contract_id == contract.id, Submission.month == month_start(month)))


def submissions_of(contract, limit: int = 13, *, with_lines: bool = False) -> list[Submission]:
    """The latest months of the contract, newest first (`with_lines`: their KPI lines and KPIs
    loaded in one go, for a page that reads them)."""
    query = sa.select(Submission).where(Submission.contract_id == contract.id)
    if with_lines:
        query = query.options(selectinload(Submission.measurements).selectinload(Measurement.kpi))
    return list(db.session.scalars(query.order_by(Submission.month.desc()).limit(limit)))


def submissions_between(contract, first: date, last: date) -> list[Submission]:
    """The months from `first` to `last`, with their measurements and events loaded in bulk."""
    return list(db.session.scalars(
        sa.select(Submission)
        .where(Submission.contract_id == contract.id, Submission.month >= first, Submission.month <= last)
        .options(selectinload(Submission.measurements),
                 selectinload(Submission.events).selectinload(FailureEvent.area))
        .order_by(Submission.month)))


def review_queue(contract) -> list[Submission]:
    """Months with the government: to review, to approve, or approved and awaiting countersignature."""
    return list(db.session.scalars(sa.select(Submission).where(
        Submission.contract_id == contract.id,
        Submission.status.in_(REVIEW_QUEUE_STATUSES)).order_by(Submission.month)))


def line_of(submission: Submission, kind: str, line_id: int):
    """The submission's measurement or failure event (`kind`), or None when it has no such line."""
    model = LINE_MODELS.get(kind)
    line = db.session.get(model, line_id) if model else None
    return line if line is not None and line.submission_id == submission.id else None


def history(submission: Submission) -> list[ReviewDecision]:
    return list(db.session.scalars(sa.select(ReviewDecision).where(ReviewDecision.submission_id == submission.id)
                                   .order_by(ReviewDecision.created_at, ReviewDecision.id)))


# ---- statements ---------------------------------------------------------------------------


def statement_of(submission: Submission) -> PaymentStatement | None:
    """The current statement of the month (the latest revision, never a superseded one)."""
    return db.session.scalar(sa.select(PaymentStatement).where(
        PaymentStatement.submission_id == submission.id, PaymentStatement.superseded_at.is_(None))
        .order_by(PaymentStatement.revision.desc()).limit(1))


def statement_revisions(submission: Submission) -> list[PaymentStatement]:
    """Every statement of the month, newest first (superseded ones included)."""
    return list(db.session.scalars(sa.select(PaymentStatement).where(
        PaymentStatement.submission_id == submission.id).order_by(PaymentStatement.revision.desc())))


def current_statements(submissions) -> dict[int, PaymentStatement]:
    """submission id -> its current statement (as `statement_of`), for many months in one query."""
    ids = [s.id for s in submissions]
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(PaymentStatement).where(
        PaymentStatement.submission_id.in_(ids), PaymentStatement.superseded_at.is_(None))
        .order_by(PaymentStatement.revision))
    return {row.submission_id: row for row in rows}  # the highest revision wins
