"""Rules of the monthly cycle: open a month, save values, add events and evidence, submit, answer
queries, review each line, approve the statement and countersign it.

Every function flushes and never commits; a broken rule raises PerformanceError with a message
for the user. Whom to tell about each step is in `notices`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from portal import clock
from portal.extensions import db
from portal.performance import queries
from portal.performance.errors import PerformanceError, StaleLine
from portal.performance.models import (
    DECISIONS,
    EvidenceFile,
    FailureEvent,
    Measurement,
    PaymentStatement,
    ReviewDecision,
    Submission,
)
from portal.performance.months import month_start, next_month
from portal.performance.statements import calculate_statement

DEFAULT_DEADLINE_DAYS = 10  # without terms in force, a month is due 10 days after it ends


def open_submission(contract, month: date) -> Submission:
    """The submission for `month`, opened (with a blank measurement per KPI) if not there yet."""
    month = month_start(month)
    submission = queries.get_submission(contract, month)
    if submission is None:
        terms = queries.terms_for(contract, month)
        days = terms.submission_deadline_days if terms else DEFAULT_DEADLINE_DAYS
        submission = Submission(contract_id=contract.id, month=month, status="draft",
                                due_on=next_month(month) + timedelta(days=days - 1))
        db.session.add(submission)
        db.session.flush()
    have = {m.kpi_id for m in submission.measurements}
    for kpi in queries.kpis_of(contract):
        if kpi.id not in have:
            db.session.add(Measurement(contract_id=contract.id, submission_id=submission.id, kpi_id=kpi.id))
    db.session.flush()
    db.session.refresh(submission)
    return submission


def lines_of(submission: Submission):
    """Every reviewable line of the month with its kind: (measurement, "measurement"), (event, "event")."""
    for m in submission.measurements:
        yield m, "measurement"
    for e in submission.events:
        yield e, "event"


def record_decision(submission: Submission, line_type: str, line_id: int | None, decision: str, comment: str,
                    user, when: datetime | None = None) -> None:
    """One entry of the month's history (never edited, only added)."""
    db.session.add(ReviewDecision(contract_id=submission.contract_id, submission_id=submission.id,
                                  line_type=line_type, line_id=line_id, decision=decision, comment=comment or "",
                                  actor_id=user.id if user else None, created_at=when or clock.now()))


# ---- the operator prepares the month ------------------------------------------------------


def parse_decimal(text) -> Decimal | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise PerformanceError(f"“{text}” is not a number.") from None
    if not value.is_finite():
        raise PerformanceError(f"“{text}” is not a number.")
    return value


def save_measurements(submission: Submission, values: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Save typed values and notes (kpi id -> (value text, note)); returns errors by KPI id.

    Only a draft, or the queried lines of a queried submission, can change."""
    errors: dict[int, str] = {}
    parsed = []
    for measurement in submission.measurements:
        if measurement.kpi_id not in values:
            continue
        text, note = values[measurement.kpi_id]
        try:
            parsed.append((measurement, parse_decimal(text), (note or "").strip()))
        except PerformanceError as error:
            errors[measurement.kpi_id] = str(error)
    if errors:
        return errors
    for measurement, value, note in parsed:
        if measurement.value == value and measurement.note == note:
            continue
        if not submission.line_open(measurement):
            raise PerformanceError(f"{submission.label} is {submission.status_label.lower()}; "
                                   f"{measurement.kpi.code} cannot be changed.")
        measurement.value = value
        measurement.note = note
    db.session.flush()
    return {}


def add_event(submission: Submission, contract, **values) -> FailureEvent:
    if not submission.is_draft:
        raise PerformanceError("Events can only be added to a draft submission.")
    event = FailureEvent(contract_id=contract.id, submission_id=submission.id, **values)
    db.session.add(event)
    db.session.flush()
    return event


def add_evidence(submission: Submission, stored, user, description: str = "") -> EvidenceFile:
    if not submission.open_for_evidence:
        raise PerformanceError("Evidence can be added while the submission is a draft or queried.")
    evidence = EvidenceFile(contract_id=submission.contract_id, submission_id=submission.id,
                            storage_key=stored.key, original_name=stored.original_name, size=stored.size,
                            content_type=stored.content_type, sha256=stored.sha256,
                            description=description[:300], uploaded_by_id=user.id if user else None)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def submit(submission: Submission, user, now: datetime | None = None) -> None:
    if not submission.is_draft:
        raise PerformanceError(f"{submission.label} has already been submitted.")
    blank = [m.kpi.code for m in submission.measurements if m.value is None]
    if blank:
        raise PerformanceError("Give a measured value for every KPI before submitting: " + ", ".join(blank) + ".")
    now = now or clock.now()
    submission.status = "submitted"
    submission.submitted_at = now
    submission.submitted_by_id = user.id
    submission.late = now.date() > submission.due_on
    record_decision(submission, "submission", submission.id, "submit", "Late" if submission.late else "", user, now)
    db.session.flush()


def resubmit(submission: Submission, user, comment: str = "", now: datetime | None = None) -> int:
    """Send back the answers to queried lines; they go back to the reviewers."""
    if not submission.awaiting_answers:
        raise PerformanceError("Only a queried submission can be resubmitted.")
    count = 0
    for line, kind in lines_of(submission):
        if line.status == "queried":
            line.status = "pending"
            record_decision(submission, kind, line.id, "answer", comment, user, now)
            count += 1
    submission.resubmissions += 1
    submission.status = "submitted"
    db.session.flush()
    return count


def send_for_review(submission: Submission, user, comment: str = "") -> str:
    """Submit a draft, or resubmit the answers of a queried month; says what happened."""
    if submission.awaiting_answers:
        count = resubmit(submission, user, comment)
        return f"{count} answered line(s) sent back for review."
    submit(submission, user)
    return f"{submission.label} submitted{' (late)' if submission.late else ''}. It is now locked."


# ---- the government reviews, approves; the operator countersigns --------------------------


def refresh_status(submission: Submission) -> None:
    if not submission.in_review:
        return
    if any(line.status == "queried" for line, _ in lines_of(submission)):
        submission.status = "queried"
    elif all(line.settled for line, _ in lines_of(submission)):
        submission.status = "accepted"
    else:
        submission.status = "submitted"


def review(submission: Submission, line, kind: str, decision: str, comment: str, user,
           expected_version, now: datetime | None = None) -> None:
    if decision not in DECISIONS:
        raise PerformanceError("Choose a decision.")
    if not submission.in_review:
        raise PerformanceError(f"{submission.label} is {submission.status_label.lower()}; it cannot be reviewed now.")
    if decision != "accept" and not (comment or "").strip():
        raise PerformanceError("Give a comment or reason for this decision.")
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    if expected != line.version:
        raise StaleLine("Someone else decided on this line while you were looking at it. "
                        f"It is now “{line.status_label}”{': ' + line.review_comment if line.review_comment else ''}. "
                        "Your comment is kept below; check and decide again.")
    line.status = DECISIONS[decision]
    line.review_comment = (comment or "").strip()
    record_decision(submission, kind, line.id, decision, comment, user, now)
    refresh_status(submission)
    db.session.flush()


def approve(contract, submission: Submission, user, now: datetime | None = None) -> PaymentStatement:
    if not submission.ready_for_approval:
        raise PerformanceError("Every KPI and event must be settled (accepted, rejected, excused or waived) "
                               "before the period is approved.")
    now = now or clock.now()
    data = calculate_statement(contract, submission)
    data["approved_by"] = user.name
    data["approved_at"] = now.isoformat()
    data["revision"] = 1
    statement = PaymentStatement(contract_id=contract.id, submission_id=submission.id, month=submission.month,
                                 data=data, net_payment=Decimal(data["net_payment"]),
                                 total_deduction=Decimal(data["total_deduction"]), created_at=now)
    db.session.add(statement)
    submission.status = "approved"
    submission.approved_at = now
    submission.approved_by_id = user.id
    record_decision(submission, "submission", submission.id, "approve", "", user, now)
    db.session.flush()
    return statement


def countersign(submission: Submission, user, now: datetime | None = None) -> PaymentStatement:
    if not submission.awaiting_countersignature:
        raise PerformanceError("Only an approved period can be countersigned.")
    now = now or clock.now()
    statement = queries.statement_of(submission)
    data = dict(statement.data)
    data["countersigned_by"] = user.name
    data["countersigned_at"] = now.isoformat()
    statement.data = data
    statement.frozen = True
    submission.status = "countersigned"
    submission.countersigned_at = now
    submission.countersigned_by_id = user.id
    record_decision(submission, "submission", submission.id, "countersign", "", user, now)
    db.session.flush()
    return statement
