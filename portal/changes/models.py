"""Variations (changes to the contract) and contingency events (relief, compensation, force
majeure, step-in), their timelines, documents, links and the contract's time limits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

MONEY = sa.Numeric(16, 2)
SIDES = {"government": "The public authority", "operator": "The operator"}

VARIATION_KINDS = {
    "new_service": "New service",
    "specification": "Changed specification",
    "kpi": "New or changed KPI",
    "extra_hours": "Extra hours",
    "works": "Works to the asset",
}
VARIATION_STATUSES = {
    "proposed": "Proposed",
    "estimate_requested": "Estimate requested",
    "estimate_received": "Estimate received",
    "approved": "Approved",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "implemented": "Implemented",
}
OPEN_VARIATION = ("proposed", "estimate_requested", "estimate_received", "approved")
VARIATION_TONES = {"proposed": "info", "estimate_requested": "warn", "estimate_received": "info",
                   "approved": "good", "rejected": "bad", "withdrawn": "base", "implemented": "good"}
# Who must act at each open step, and what they must do.
VARIATION_STEPS = {
    "proposed": ("government", "decide whether to ask the operator for an estimate"),
    "estimate_requested": ("operator", "send its priced estimate"),
    "estimate_received": ("government", "approve or reject the estimate"),
    "approved": ("operator", "implement the variation"),
}

EVENT_KINDS = {
    "relief": "Relief event",
    "compensation": "Compensation event",
    "force_majeure": "Force majeure",
    "step_in": "Step-in",
}
EVENT_CODES = {"relief": "REL", "compensation": "CMP", "force_majeure": "FM", "step_in": "STP"}
# Kinds whose agreed events excuse the failures they cover in the payment mechanism.
EXCUSING_KINDS = ("relief", "compensation", "force_majeure")
EVENT_STATUSES = {"notified": "Notified, awaiting response", "agreed": "Agreed", "disputed": "Disputed",
                  "withdrawn": "Withdrawn", "closed": "Closed"}
EVENT_TONES = {"notified": "warn", "agreed": "good", "disputed": "bad", "withdrawn": "base", "closed": "base"}

# Default time limits, in working days (the standard forms' usual periods); each contract sets its own.
DEFAULT_LIMITS = {"decide_days": 10, "estimate_days": 20, "approve_days": 20, "implement_days": 60,
                  "notice_days": 10, "response_days": 10}


class ChangeSettings(Audited, db.Model):
    """A contract's time limits for variations and contingency events, in working days."""

    __tablename__ = "change_settings"
    __audit_label__ = "change time limits"
    audit_visibility = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), unique=True)
    decide_days: Mapped[int] = mapped_column(default=10)
    estimate_days: Mapped[int] = mapped_column(default=20)
    approve_days: Mapped[int] = mapped_column(default=20)
    implement_days: Mapped[int] = mapped_column(default=60)
    notice_days: Mapped[int] = mapped_column(default=10)
    response_days: Mapped[int] = mapped_column(default=10)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return (f"estimate {self.estimate_days}, decision {self.approve_days}, notice {self.notice_days}, "
                f"response {self.response_days} working days")


class Variation(Audited, db.Model):
    __tablename__ = "variations"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number", name="uq_variations_contract_number"),
                      sa.Index("ix_variations_contract_status", "contract_id", "status"))
    __audit_label__ = "variation"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(24), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    clauses: Mapped[str] = mapped_column(sa.String(200), default="")
    kpi_effect: Mapped[str] = mapped_column(sa.Text, default="")
    area_effect: Mapped[str] = mapped_column(sa.Text, default="")
    proposed_by_side: Mapped[str] = mapped_column(sa.String(12))
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The proposer's first estimate, then the operator's priced estimate (contract currency).
    estimated_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    estimated_charge_change: Mapped[Decimal | None] = mapped_column(MONEY)  # per month
    priced_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    priced_charge_change: Mapped[Decimal | None] = mapped_column(MONEY)
    estimate_note: Mapped[str] = mapped_column(sa.Text, default="")
    estimated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(20), default="proposed")
    step_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    step_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    effective_month: Mapped[date | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    terms_note: Mapped[str] = mapped_column(sa.Text, default="")  # what the payment terms became
    implemented_on: Mapped[date | None] = mapped_column()
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract = relationship("Contract")
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    entries: Mapped[list[VariationEntry]] = relationship(
        back_populates="variation", order_by="VariationEntry.id", cascade="all, delete-orphan")
    documents: Mapped[list[VariationDocument]] = relationship(
        back_populates="variation", order_by="VariationDocument.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.title} ({self.status_label.lower()})"

    @property
    def kind_label(self) -> str:
        return VARIATION_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return VARIATION_STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        return VARIATION_TONES.get(self.status, "base")

    @property
    def proposer_label(self) -> str:
        return SIDES.get(self.proposed_by_side, self.proposed_by_side)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VARIATION

    @property
    def waiting_on(self) -> tuple[str, str] | None:
        """(side, what it must do) for an open variation."""
        return VARIATION_STEPS.get(self.status)

    @property
    def agreed_cost(self) -> Decimal | None:
        return self.priced_cost if self.priced_cost is not None else self.estimated_cost

    @property
    def agreed_charge_change(self) -> Decimal | None:
        return self.priced_charge_change if self.priced_charge_change is not None else self.estimated_charge_change

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.step_due_at is not None and self.step_due_at < (now or utcnow())


class VariationEntry(Audited, db.Model):
    """One step on a variation's timeline, with the time limit it ran against."""

    __tablename__ = "variation_entries"
    __audit_label__ = "variation step"

    id: Mapped[int] = mapped_column(primary_key=True)
    variation_id: Mapped[int] = mapped_column(sa.ForeignKey("variations.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the limit this step had to meet
    late: Mapped[bool] = mapped_column(default=False)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    variation: Mapped[Variation] = relationship(back_populates="entries")

    @property
    def label(self) -> str:
        return VARIATION_STATUSES.get(self.kind, self.kind.replace("_", " ").capitalize())

    def audit_summary(self) -> str:
        return f"{self.label}{' (late)' if self.late else ''}"


class VariationDocument(Audited, db.Model):
    __tablename__ = "variation_documents"
    __audit_label__ = "variation document"
    __audit_exclude__ = ("key",)

    id: Mapped[int] = mapped_column(primary_key=True)
    variation_id: Mapped[int] = mapped_column(sa.ForeignKey("variations.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(100))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    variation: Mapped[Variation] = relationship(back_populates="documents")

    def audit_summary(self) -> str:
        return f"{self.original_name} (SHA-256 {self.sha256[:12]}…)"


class ContingencyEvent(Audited, db.Model):
    """A relief, compensation or force majeure event, or a step-in, on its notice clock."""

    __tablename__ = "contingency_events"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number", name="uq_contingency_events_contract_number"),)
    __audit_label__ = "contingency event"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(24), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    clause: Mapped[str] = mapped_column(sa.String(120), default="")
    # What it affects: names of the payment mechanism's areas (or KPI codes), one per line.
    services: Mapped[str] = mapped_column(sa.Text, default="")
    all_services: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stepped_in_by: Mapped[str] = mapped_column(sa.String(200), default="")  # step-in only
    notified_by_side: Mapped[str] = mapped_column(sa.String(12))
    notified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notice_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    late_notice: Mapped[bool] = mapped_column(default=False)
    response_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(12), default="notified")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    response: Mapped[str] = mapped_column(sa.Text, default="")
    claimed_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    agreed_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract = relationship("Contract")
    notified_by = relationship("User", foreign_keys=[notified_by_id])
    responded_by = relationship("User", foreign_keys=[responded_by_id])
    links: Mapped[list[ContingencyLink]] = relationship(
        back_populates="event", order_by="ContingencyLink.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.kind_label}: {self.title} ({self.status})"

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return EVENT_STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        return EVENT_TONES.get(self.status, "base")

    @property
    def notifier_label(self) -> str:
        return SIDES.get(self.notified_by_side, self.notified_by_side)

    @property
    def service_names(self) -> list[str]:
        return [line.strip() for line in (self.services or "").splitlines() if line.strip()]

    @property
    def excuses_failures(self) -> bool:
        return self.kind in EXCUSING_KINDS and self.status in ("agreed", "closed")

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.status == "notified" and self.response_due_at < (now or utcnow())


class ContingencyLink(Audited, db.Model):
    """A contingency event's link to a record of another feature (a risk it materialises, an issue
    or dispute it causes), resolved through the link kinds in portal.panels."""

    __tablename__ = "contingency_links"
    __table_args__ = (sa.UniqueConstraint("event_id", "kind", "ref_id", name="uq_contingency_links_event_kind_ref"),)
    __audit_label__ = "contingency event link"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("contingency_events.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(24))
    ref_id: Mapped[int]
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[ContingencyEvent] = relationship(back_populates="links")

    def audit_summary(self) -> str:
        return f"link to {self.kind} {self.ref_id}"
