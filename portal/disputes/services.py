"""The rules of disputes: raising one, the contract's ladder and its deadlines, submissions,
positions and the outcome.

Plain functions over models; no request objects. They flush, the view commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from portal import access, signals
from portal import workdays as clock
from portal.contracts.models import Contract
from portal.contracts.services import users_with_roles
from portal.db import utcnow
from portal.disputes.models import (
    DEFAULT_LADDER,
    OUTCOMES,
    OUTCOMES_WITH_AMOUNT,
    PARTIES,
    Dispute,
    DisputeDocument,
    DisputeSettings,
    DisputeStage,
    DisputeSubmission,
)
from portal.extensions import db
from portal.notifications.services import notify_many
from portal.panels import resolve_link

_NUMBER_LOCK = 41_010  # PostgreSQL advisory lock class for dispute numbers


class DisputeError(Exception):
    """A rule was broken; `field` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- the ladder --------------------------------------------------------------------------------


def settings_of(contract: Contract) -> DisputeSettings:
    """The contract's ladder row, or an unsaved one from the contract's terms (nothing is written
    on a read)."""
    row = db.session.scalar(sa.select(DisputeSettings).where(DisputeSettings.contract_id == contract.id))
    return row or DisputeSettings(contract_id=contract.id, ladder=list(contract.dispute_ladder or DEFAULT_LADDER),
                                  version=0)


def ladder_of(contract: Contract) -> list[dict]:
    return list(settings_of(contract).ladder or DEFAULT_LADDER)


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:32] or "stage"


def parse_ladder(text: str) -> list[dict]:
    """One stage per line, `Label: working days`, in order."""
    ladder, keys = [], set()
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        label, sep, days = line.rpartition(":")
        label = " ".join(label.split())
        if not sep or not label or not days.strip().isdigit():
            raise DisputeError(f"Line {number}: write it as “Stage name: working days”.", "ladder")
        if not 1 <= int(days) <= 730:
            raise DisputeError(f"Line {number}: give from 1 to 730 working days.", "ladder")
        known = next((s["stage"] for s in DEFAULT_LADDER if s["label"].lower() == label.lower()), None)
        key = known or _key(label)
        if key in keys:
            raise DisputeError(f"Line {number}: “{label}” is already on the ladder.", "ladder")
        keys.add(key)
        ladder.append({"stage": key, "label": label[:80], "days": int(days)})
    if not ladder:
        raise DisputeError("Give the ladder at least one stage.", "ladder")
    return ladder


def save_ladder(contract: Contract, ladder: list[dict]) -> DisputeSettings:
    """Replace the ladder. A stage an open dispute is in cannot be removed; deadlines already set
    stay; new days apply to the stages entered from now on."""
    keys = {s["stage"] for s in ladder}
    in_use = db.session.execute(sa.select(Dispute.stage, Dispute.stage_label).where(
        Dispute.contract_id == contract.id, Dispute.status == "open")).all()
    for stage, label in in_use:
        if stage not in keys:
            raise DisputeError(f"An open dispute is in the stage “{label}”: keep it on the ladder.", "ladder")
    row = db.session.scalar(sa.select(DisputeSettings).where(DisputeSettings.contract_id == contract.id))
    if row is None:
        row = DisputeSettings(contract_id=contract.id)
        db.session.add(row)
    row.ladder = ladder
    db.session.flush()
    return row


def stage_deadline(contract: Contract, start: datetime, days: int) -> datetime:
    return clock.deadline(start, days, contract.time_zone, contract.calendar)


def _enter(dispute: Dispute, step: dict, position: int, actor, at: datetime, note: str = "") -> DisputeStage:
    contract = dispute.contract or db.session.get(Contract, dispute.contract_id)
    due = stage_deadline(contract, at, step["days"])
    row = DisputeStage(dispute_id=dispute.id, contract_id=dispute.contract_id, position=position,
                       stage=step["stage"], label=step["label"], working_days=step["days"], started_at=at,
                       due_at=due, note=note, started_by_id=getattr(actor, "id", None),
                       visibility=dispute.visibility)
    with db.session.no_autoflush:
        dispute.stages.append(row)
    dispute.stage, dispute.stage_label = step["stage"], step["label"]
    dispute.stage_started_at, dispute.stage_due_at = at, due
    db.session.flush()
    return row


def current_stage(dispute: Dispute) -> DisputeStage:
    return dispute.stages[-1]


def next_step(dispute: Dispute) -> dict | None:
    ladder = ladder_of(dispute.contract)
    keys = [s["stage"] for s in ladder]
    index = keys.index(dispute.stage) if dispute.stage in keys else len(keys)
    return ladder[index + 1] if index + 1 < len(ladder) else None


def advance(dispute: Dispute, actor, to_stage: str, note: str = "", at: datetime | None = None) -> DisputeStage:
    """Move to the next stage of the ladder, which sets its deadline; skipping a stage or going
    back is refused with the reason."""
    if not dispute.is_open:
        raise DisputeError("The dispute is closed.")
    ladder = ladder_of(dispute.contract)
    keys = [s["stage"] for s in ladder]
    if to_stage not in keys:
        raise DisputeError("Choose a stage of the contract's ladder.", "stage")
    here, there = keys.index(dispute.stage), keys.index(to_stage)
    if there == here:
        raise DisputeError(f"The dispute is already in {ladder[here]['label']}.", "stage")
    if there < here:
        raise DisputeError(f"A dispute does not go back: it is in {ladder[here]['label']}, which comes after "
                           f"{ladder[there]['label']} on the contract's ladder.", "stage")
    if there > here + 1:
        skipped = ", ".join(s["label"] for s in ladder[here + 1:there])
        raise DisputeError(f"Stages cannot be skipped: after {ladder[here]['label']} comes "
                           f"{ladder[here + 1]['label']} (skipping {skipped}).", "stage")
    at = at or utcnow()
    current_stage(dispute).ended_at = at
    row = _enter(dispute, ladder[there], len(dispute.stages), actor, at, (note or "").strip())
    _tell_parties(dispute, actor, f"{dispute.reference} moved to {row.label}",
                  f"Due by {row.due_at:%d %b %Y}. {note or ''}".strip())
    return row


# ---- raising -----------------------------------------------------------------------------------


@dataclass
class DisputeInput:
    clause: str
    subject: str
    description: str = ""
    amount_minor: int | None = None
    disputed_month: date | None = None
    disputed_reference: str = ""
    payment_ref_id: int | None = None


def _next_number(contract: Contract) -> int:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k, :c)"), {"k": _NUMBER_LOCK, "c": contract.id})
    current = db.session.scalar(sa.select(sa.func.max(Dispute.number)).where(Dispute.contract_id == contract.id))
    return (current or 0) + 1


def _clean(data: DisputeInput) -> DisputeInput:
    clause, subject = " ".join((data.clause or "").split()), " ".join((data.subject or "").split())
    if not clause:
        raise DisputeError("Name the clause of the contract the dispute is under.", "clause")
    if not subject:
        raise DisputeError("Say what the dispute is about.", "subject")
    if data.amount_minor is not None and data.amount_minor < 0:
        raise DisputeError("The amount in dispute cannot be negative.", "amount")
    if data.disputed_month is not None and data.disputed_month.day != 1:
        raise DisputeError("Give the disputed month as its first day.", "disputed_month")
    return DisputeInput(clause[:120], subject[:200], (data.description or "").strip(), data.amount_minor,
                        data.disputed_month, (data.disputed_reference or "").strip()[:120], data.payment_ref_id)


def raise_dispute(contract: Contract, actor, data: DisputeInput, *, issue_id: int | None = None,
                  at: datetime | None = None) -> Dispute:
    """A dispute raised by the actor's side, entering the first stage of the ladder. With
    `issue_id` it escalates that issue (linked both ways: the issues feature hears of it)."""
    party = access.side_of(access.role_in(actor, contract))
    if party not in PARTIES:
        raise DisputeError("Only the public authority or the operator raises a dispute.")
    data = _clean(data)
    issue = resolve_link("issue", contract, issue_id) if issue_id else None
    if issue_id and issue is None:
        raise DisputeError("That issue is not one of this contract's.", "link")
    payment = resolve_link("payment_month", contract, data.payment_ref_id) if data.payment_ref_id else None
    if data.payment_ref_id and payment is None:
        raise DisputeError("Choose a payment month of this contract.", "payment_ref_id")
    at = at or utcnow()
    number = _next_number(contract)
    dispute = Dispute(contract_id=contract.id, number=number, reference=f"{contract.code}-DSP-{number:03d}",
                      raised_by_party=party, raised_by_id=actor.id, raised_at=at, clause=data.clause,
                      subject=data.subject, description=data.description, currency=contract.currency,
                      amount_minor=data.amount_minor, disputed_month=data.disputed_month,
                      disputed_reference=data.disputed_reference, payment_ref_id=data.payment_ref_id,
                      issue_id=issue.ref_id if issue else None,
                      issue_reference=issue.title.split(" ", 1)[0] if issue else "",
                      stage="", stage_label="", stage_started_at=at, stage_due_at=at, status="open",
                      visibility="partners")
    db.session.add(dispute)
    db.session.flush()
    _enter(dispute, ladder_of(contract)[0], 0, actor, at)
    if issue is not None:
        signals.record_taken_up.send(contract, source_kind="issue", source_id=issue.ref_id, target_kind="dispute",
                                     target_id=dispute.id, target_reference=dispute.reference,
                                     target_public=False, user=actor)
    _tell_parties(dispute, actor, f"Dispute {dispute.reference} raised", dispute.subject)
    return dispute


# ---- positions, submissions, documents -----------------------------------------------------------


def set_position(dispute: Dispute, actor, party: str, text: str) -> None:
    if party not in PARTIES:
        raise DisputeError("Only the two parties state a position.")
    if not dispute.is_open:
        raise DisputeError("The dispute is closed.")
    if len(text or "") > 20_000:
        raise DisputeError("Keep the position to 20,000 characters.", "body")
    setattr(dispute, f"{party}_position", (text or "").strip())
    db.session.flush()


def add_submission(dispute: Dispute, actor, party: str, body: str, stored_files=(),
                   at: datetime | None = None) -> DisputeSubmission:
    """A party's submission in the current stage, with its checked, stored files."""
    if not dispute.is_open:
        raise DisputeError("The dispute is closed.")
    body = (body or "").strip()
    if not body and not stored_files:
        raise DisputeError("Write the submission or attach a document.", "body")
    stage = current_stage(dispute)
    at = at or utcnow()
    item = DisputeSubmission(dispute_id=dispute.id, contract_id=dispute.contract_id, stage_id=stage.id, party=party,
                             body=body, actor_id=actor.id, actor_name=actor.name, visibility=dispute.visibility,
                             created_at=at)
    with db.session.no_autoflush:
        dispute.submissions.append(item)
    db.session.flush()
    for stored in stored_files:
        dispute.documents.append(DisputeDocument(
            dispute_id=dispute.id, contract_id=dispute.contract_id, stage_id=stage.id, submission_id=item.id,
            key=stored.key, original_name=stored.original_name, size=stored.size,
            content_type=stored.content_type, sha256=stored.sha256, visibility=dispute.visibility, created_at=at))
    db.session.flush()
    _tell_parties(dispute, actor, f"New submission on {dispute.reference}", f"{stage.label}: {body[:160]}")
    return item


# ---- the outcome ----------------------------------------------------------------------------------


def close(dispute: Dispute, actor, outcome: str, amount_minor: int | None, reasons: str,
          at: datetime | None = None) -> None:
    """Settled or determined (with the amount), or withdrawn; always with the reasons."""
    if not dispute.is_open:
        raise DisputeError("The dispute is already closed.")
    if outcome not in OUTCOMES:
        raise DisputeError("Choose the outcome.", "outcome")
    if outcome in OUTCOMES_WITH_AMOUNT and amount_minor is None:
        raise DisputeError(f"Give the amount {OUTCOMES[outcome].lower()} (0 if none).", "amount")
    if amount_minor is not None and amount_minor < 0:
        raise DisputeError("The amount cannot be negative.", "amount")
    if not (reasons or "").strip():
        raise DisputeError("Give the reasons for the outcome.", "reasons")
    at = at or utcnow()
    dispute.status, dispute.outcome, dispute.closed_at = "closed", outcome, at
    dispute.outcome_amount_minor = amount_minor if outcome in OUTCOMES_WITH_AMOUNT else None
    dispute.outcome_reasons = reasons.strip()
    current_stage(dispute).ended_at = at
    db.session.flush()
    _tell_parties(dispute, actor, f"{dispute.reference} closed: {OUTCOMES[outcome].lower()}", reasons.strip()[:200])


def publish_outcome(dispute: Dispute, publish: bool) -> None:
    if publish and dispute.is_open:
        raise DisputeError("Only the outcome of a closed dispute can be published.")
    dispute.outcome_public = bool(publish)
    db.session.flush()


def _tell_parties(dispute: Dispute, actor, title: str, body: str) -> None:
    contract = dispute.contract or db.session.get(Contract, dispute.contract_id)
    people = users_with_roles(contract, access.roles_with("dispute.view"))
    notify_many([p for p in people if p.id != getattr(actor, "id", None)], title, body,
                f"/contracts/{contract.code}/disputes/{dispute.reference}", contract)


def find_by_reference(contract: Contract, reference: str) -> Dispute | None:
    return db.session.scalar(sa.select(Dispute).where(Dispute.contract_id == contract.id,
                                                      Dispute.reference == (reference or "").upper()))
