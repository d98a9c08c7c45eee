"""Disputes: formal disagreements under the contract, moved along the contract's dispute ladder
(notice → negotiation → mediation → expert determination → arbitration by default), each stage
with its deadline on the working-day clock, its submissions and documents, and an outcome."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

DEFAULT_LADDER = [
    {"stage": "notice", "label": "Notice of dispute", "days": 10},
    {"stage": "negotiation", "label": "Negotiation", "days": 20},
    {"stage": "mediation", "label": "Mediation", "days": 30},
    {"stage": "expert", "label": "Expert determination", "days": 45},
    {"stage": "arbitration", "label": "Arbitration", "days": 120},
]
OUTCOMES = {"settled": "Settled", "determined": "Determined", "withdrawn": "Withdrawn"}
OUTCOMES_WITH_AMOUNT = ("settled", "determined")
PARTIES = {"government": "The public authority", "operator": "The operator"}
STATUSES = {"open": "Open", "closed": "Closed"}


class DisputeSettings(Audited, db.Model):
    """A contract's dispute ladder: which stages, in which order, how many working days each."""

    __tablename__ = "dispute_settings"
    __audit_label__ = "dispute ladder"
    audit_visibility = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), unique=True)
    ladder: Mapped[list] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_LADDER))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return " → ".join(f"{s['label']} ({s['days']} d)" for s in self.ladder or [])[:300]


class Dispute(Audited, db.Model):
    __tablename__ = "disputes"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number", name="uq_disputes_contract_number"),)
    __audit_label__ = "dispute"
    __audit_exclude__ = ("description", "government_position", "operator_position", "outcome_reasons")

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    raised_by_party: Mapped[str] = mapped_column(sa.String(12))  # government | operator
    raised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    clause: Mapped[str] = mapped_column(sa.String(120))
    subject: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    currency: Mapped[str] = mapped_column(sa.String(3))
    amount_minor: Mapped[int | None] = mapped_column(sa.BigInteger)  # in dispute, minor units
    government_position: Mapped[str] = mapped_column(sa.Text, default="")
    operator_position: Mapped[str] = mapped_column(sa.Text, default="")
    # The current stage on the ladder (a copy of its key and label, and its deadline).
    stage: Mapped[str] = mapped_column(sa.String(32))
    stage_label: Mapped[str] = mapped_column(sa.String(80))
    stage_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stage_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(8), default="open")
    outcome: Mapped[str] = mapped_column(sa.String(12), default="")
    outcome_amount_minor: Mapped[int | None] = mapped_column(sa.BigInteger)
    outcome_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_public: Mapped[bool] = mapped_column(default=False)  # an official publishes the outcome
    # Escalated from an issue (issues feature; a link, no FK).
    issue_id: Mapped[int | None] = mapped_column()
    issue_reference: Mapped[str] = mapped_column(sa.String(32), default="")
    # A disputed payment: a statement month (and line), linked through "payment_month" when the
    # performance feature offers that link, and always kept as the month and a reference.
    disputed_month: Mapped[date | None] = mapped_column()
    disputed_reference: Mapped[str] = mapped_column(sa.String(120), default="")
    payment_ref_id: Mapped[int | None] = mapped_column()
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)

    raised_by = relationship("User", foreign_keys=[raised_by_id])
    contract = relationship("Contract")
    stages: Mapped[list[DisputeStage]] = relationship(
        back_populates="dispute", order_by=lambda: DisputeStage.position, cascade="all, delete-orphan")
    submissions: Mapped[list[DisputeSubmission]] = relationship(
        back_populates="dispute", order_by=lambda: (DisputeSubmission.created_at, DisputeSubmission.id),
        cascade="all, delete-orphan")
    documents: Mapped[list[DisputeDocument]] = relationship(
        back_populates="dispute", order_by=lambda: DisputeDocument.id, cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.subject} ({self.stage_label}, {self.status})"[:300]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, "")

    @property
    def raised_by_label(self) -> str:
        return PARTIES.get(self.raised_by_party, self.raised_by_party)

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.stage_due_at < (now or utcnow())

    def position_of(self, party: str) -> str:
        return self.government_position if party == "government" else self.operator_position


class DisputeStage(Audited, db.Model):
    """A stage the dispute entered: when, by when it must be done, and when it ended."""

    __tablename__ = "dispute_stages"
    __audit_label__ = "dispute stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(sa.ForeignKey("disputes.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # 0 = the first stage the dispute entered
    stage: Mapped[str] = mapped_column(sa.String(32))
    label: Mapped[str] = mapped_column(sa.String(80))
    working_days: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")

    dispute: Mapped[Dispute] = relationship(back_populates="stages")
    started_by = relationship("User")

    def audit_summary(self) -> str:
        return f"{self.label}, due {self.due_at:%Y-%m-%d}"


class DisputeSubmission(Audited, db.Model):
    """A party's written submission in a stage."""

    __tablename__ = "dispute_submissions"
    __audit_label__ = "dispute submission"
    __audit_exclude__ = ("body",)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(sa.ForeignKey("disputes.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int] = mapped_column(sa.ForeignKey("dispute_stages.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(sa.String(12))
    body: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dispute: Mapped[Dispute] = relationship(back_populates="submissions")

    @property
    def party_label(self) -> str:
        return PARTIES.get(self.party, self.party)

    def audit_summary(self) -> str:
        return f"Submission by {self.party_label.lower()}"


class DisputeDocument(Audited, db.Model):
    """A checked upload kept with a stage (and the submission it came with)."""

    __tablename__ = "dispute_documents"
    __audit_label__ = "dispute document"
    __audit_exclude__ = ("key",)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(sa.ForeignKey("disputes.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int] = mapped_column(sa.ForeignKey("dispute_stages.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dispute_submissions.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(100))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dispute: Mapped[Dispute] = relationship(back_populates="documents")

    def audit_summary(self) -> str:
        return self.original_name
