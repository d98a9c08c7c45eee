"""The recorded correction: the only way to change an approved or countersigned period.

A public manager gives a reason and the corrected lines; the current statement is kept but marked
superseded, the next revision is written from the corrected lines, and the operator manager
countersigns it again. Every changed line is recorded in the review history (and the audit trail)
with its old and new value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from portal.db import utcnow
from portal.extensions import db
from portal.performance import services
from portal.performance.models import LINE_STATUSES, SETTLED, PaymentStatement, Submission

CORRECTABLE = ("approved", "countersigned")
SETTLED_CHOICES = [(s, LINE_STATUSES[s]) for s in ("accepted", "rejected", "excused", "waived")]


class CorrectionError(services.PerformanceError):
    """Some corrected lines are wrong; `errors` maps form field names to messages."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


class StaleStatement(services.PerformanceError):
    """Another correction was recorded since the form was loaded."""


@dataclass
class CorrectedLines:
    """What the form sent: measurement id -> (value text, status); event id -> (rectified text, status)."""

    measurements: dict[int, tuple[str, str]] = field(default_factory=dict)
    events: dict[int, tuple[str, str]] = field(default_factory=dict)


def can_correct(submission: Submission) -> bool:
    return submission.status in CORRECTABLE


def record_correction(contract, submission: Submission, user, reason: str, lines: CorrectedLines,
                      expected_revision, now: datetime | None = None) -> PaymentStatement:
    from zoneinfo import ZoneInfo

    if not can_correct(submission):
        raise services.PerformanceError(f"{submission.label} is {submission.status_label.lower()}; only an approved "
                                        "or countersigned period is corrected this way.")
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionError("Say why the statement is corrected.", {"reason": "Give the reason for the correction."})
    current = services.statement_of(submission)
    if current is None or str(current.revision) != str(expected_revision or "").strip():
        raise StaleStatement("Another correction was recorded while you were editing "
                             f"(the statement is now revision {current.revision if current else '–'}). "
                             "Your reason and lines are kept below; check them against the new revision "
                             "and record the correction again.")
    zone = ZoneInfo(contract.time_zone or "UTC")
    errors: dict[str, str] = {}
    changes: list[tuple[object, str, str, dict, str]] = []  # line, kind, label, new values, summary
    for m in submission.measurements:
        if m.id not in lines.measurements:
            continue
        text, status = lines.measurements[m.id]
        try:
            value = services.parse_decimal(text)
        except services.PerformanceError as error:
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
            said.append(f"value {services.pm.plain(m.value) if m.value is not None else '–'} → {services.pm.plain(value)}")
        if status != m.status:
            said.append(f"{LINE_STATUSES[m.status].lower()} → {LINE_STATUSES[status].lower()}")
        if said:
            changes.append((m, "measurement", m.kpi.code, {"value": value, "status": status}, "; ".join(said)))
    for e in submission.events:
        if e.id not in lines.events:
            continue
        text, status = lines.events[e.id]
        rectified = None
        if (text or "").strip():
            try:
                rectified = services._parse_when(text, zone)
            except services.PerformanceError as error:
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
        said = []
        if rectified != e.rectified_at:
            def show(moment):
                return moment.astimezone(zone).strftime("%d %b %H:%M") if moment else "not rectified"
            said.append(f"rectified {show(e.rectified_at)} → {show(rectified)}")
        if status != e.status:
            said.append(f"{LINE_STATUSES[e.status].lower()} → {LINE_STATUSES[status].lower()}")
        if said:
            changes.append((e, "event", e.reference or f"E{e.id}", {"rectified_at": rectified, "status": status},
                            "; ".join(said)))
    if errors:
        raise CorrectionError("Some corrected lines are wrong; nothing was changed.", errors)
    if not changes:
        raise CorrectionError("Nothing was corrected: change at least one line (a value, a time or a decision).")

    now = now or utcnow()
    for line, kind, label, values, summary in changes:
        for name, value in values.items():
            setattr(line, name, value)
        if "status" in values and values["status"] != "accepted":
            line.review_comment = reason
        services._record(submission, kind, line.id, "correct", f"{label}: {summary}. {reason}", user, now)
    db.session.flush()

    data = services.calculate_statement(contract, submission)
    data["approved_by"] = user.name
    data["approved_at"] = now.isoformat()
    data["revision"] = current.revision + 1
    data["correction"] = {"reason": reason, "by": user.name, "at": now.isoformat(),
                          "supersedes_revision": current.revision,
                          "lines": [f"{label}: {summary}" for _, _, label, _, summary in changes],
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
    services._record(submission, "submission", submission.id, "correct",
                     f"Statement revision {statement.revision} supersedes revision {current.revision}: {reason}",
                     user, now)
    db.session.flush()
    return statement
