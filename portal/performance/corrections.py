"""The recorded correction: the only way to change an approved or countersigned period.

A public manager gives a reason and the corrected lines; the current statement is kept but marked
superseded, the next revision is written from the corrected lines, and the operator manager
countersigns it again. Every changed line is recorded in the review history (and the audit trail)
with its old and new value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from portal import clock
from portal.extensions import db
from portal.performance import paymech as pm
from portal.performance import queries
from portal.performance.errors import CorrectionError, PerformanceError, StaleStatement
from portal.performance.helpdesk import parse_when
from portal.performance.models import LINE_STATUSES, SETTLED, PaymentStatement, Submission
from portal.performance.services import parse_decimal, record_decision
from portal.performance.statements import calculate_statement

SETTLED_CHOICES = [(s, LINE_STATUSES[s]) for s in ("accepted", "rejected", "excused", "waived")]


@dataclass
class CorrectedLines:
    """What the form sent: measurement id -> (value text, status); event id -> (rectified text, status)."""

    measurements: dict[int, tuple[str, str]] = field(default_factory=dict)
    events: dict[int, tuple[str, str]] = field(default_factory=dict)


def record_correction(contract, submission: Submission, user, reason: str, lines: CorrectedLines,
                      expected_revision, now: datetime | None = None) -> PaymentStatement:
    """Correct a settled month: change the given lines, supersede the current statement and write
    the next revision, which the operator manager countersigns again."""
    if not submission.settled:
        raise PerformanceError(f"{submission.label} is {submission.status_label.lower()}; only an approved "
                               "or countersigned period is corrected this way.")
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionError("Say why the statement is corrected.", {"reason": "Give the reason for the correction."})
    current = queries.statement_of(submission)
    if current is None or str(current.revision) != str(expected_revision or "").strip():
        raise StaleStatement("Another correction was recorded while you were editing "
                             f"(the statement is now revision {current.revision if current else '–'}). "
                             "Your reason and lines are kept below; check them against the new revision "
                             "and record the correction again.", revision=current.revision if current else "")
    errors: dict[str, str] = {}
    changes = _measurement_changes(submission, lines, errors) + _event_changes(contract, submission, lines, errors)
    if errors:
        raise CorrectionError("Some corrected lines are wrong; nothing was changed.", errors)
    if not changes:
        raise CorrectionError("Nothing was corrected: change at least one line (a value, a time or a decision).")
    now = now or clock.now()
    for change in changes:
        for name, value in change.values.items():
            setattr(change.line, name, value)
        if change.values["status"] != "accepted":
            change.line.review_comment = reason
        record_decision(submission, change.kind, change.line.id, "correct",
                        f"{change.label}: {change.summary}. {reason}", user, now)
    db.session.flush()
    return _next_revision(contract, submission, current, user, reason, changes, now)


@dataclass
class _Change:
    line: object
    kind: str  # measurement | event
    label: str  # what a person calls the line
    values: dict  # the corrected attributes, "status" always among them
    summary: str  # "value 98 → 99.5; rejected → accepted"


def _status_change(old: str, new: str) -> list[str]:
    return [f"{LINE_STATUSES[old].lower()} → {LINE_STATUSES[new].lower()}"] if new != old else []


def _measurement_changes(submission: Submission, lines: CorrectedLines, errors: dict) -> list[_Change]:
    changes = []
    for m in submission.measurements:
        if m.id not in lines.measurements:
            continue
        text, status = lines.measurements[m.id]
        try:
            value = parse_decimal(text)
        except PerformanceError as error:
            errors[f"value-{m.id}"] = str(error)
            continue
        if value is None:
            errors[f"value-{m.id}"] = "Give the corrected value."
            continue
        if status not in SETTLED:
            errors[f"mstatus-{m.id}"] = "Choose a decision."
            continue
        said = []
        if value != m.value:
            said.append(f"value {pm.plain(m.value) if m.value is not None else '–'} → {pm.plain(value)}")
        said += _status_change(m.status, status)
        if said:
            changes.append(_Change(m, "measurement", m.kpi.code, {"value": value, "status": status}, "; ".join(said)))
    return changes


def _event_changes(contract, submission: Submission, lines: CorrectedLines, errors: dict) -> list[_Change]:
    zone = ZoneInfo(contract.time_zone or "UTC")

    def shown(moment):
        return moment.astimezone(zone).strftime("%d %b %H:%M") if moment else "not rectified"

    changes = []
    for e in submission.events:
        if e.id not in lines.events:
            continue
        text, status = lines.events[e.id]
        rectified = None
        if (text or "").strip():
            try:
                rectified = parse_when(text, zone)
            except PerformanceError as error:
                errors[f"rectified-{e.id}"] = str(error)
                continue
            if rectified < e.reported_at:
                errors[f"rectified-{e.id}"] = "The rectified time is before the event was reported."
                continue
        if status not in SETTLED:
            errors[f"estatus-{e.id}"] = "Choose a decision."
            continue
        if rectified and e.rectified_at and rectified == e.rectified_at.replace(second=0, microsecond=0):
            rectified = e.rectified_at  # the form shows minutes: seconds recorded by the helpdesk stay
        said = [f"rectified {shown(e.rectified_at)} → {shown(rectified)}"] if rectified != e.rectified_at else []
        said += _status_change(e.status, status)
        if said:
            changes.append(_Change(e, "event", e.reference or f"E{e.id}", {"rectified_at": rectified, "status": status},
                                   "; ".join(said)))
    return changes


def _next_revision(contract, submission: Submission, current: PaymentStatement, user, reason: str,
                   changes: list[_Change], now: datetime) -> PaymentStatement:
    """Supersede `current` with a statement calculated from the corrected lines; the month goes
    back to awaiting the operator manager's countersignature."""
    data = calculate_statement(contract, submission)
    data["approved_by"] = user.name
    data["approved_at"] = now.isoformat()
    data["revision"] = current.revision + 1
    data["correction"] = {"reason": reason, "by": user.name, "at": now.isoformat(),
                          "supersedes_revision": current.revision,
                          "lines": [f"{c.label}: {c.summary}" for c in changes],
                          "previous_net_payment": str(current.net_payment)}
    current.superseded_at = now
    statement = PaymentStatement(contract_id=contract.id, submission_id=submission.id, month=submission.month,
                                 revision=current.revision + 1, data=data, net_payment=Decimal(data["net_payment"]),
                                 total_deduction=Decimal(data["total_deduction"]), correction_reason=reason,
                                 corrected_by_id=user.id, created_at=now)
    db.session.add(statement)
    submission.status = "approved"
    submission.approved_at = now
    submission.approved_by_id = user.id
    submission.countersigned_at = None
    submission.countersigned_by_id = None
    record_decision(submission, "submission", submission.id, "correct",
                    f"Statement revision {statement.revision} supersedes revision {current.revision}: {reason}",
                    user, now)
    db.session.flush()
    return statement
