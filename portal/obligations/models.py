"""A contract's recurring obligations (insurance certificates, audited accounts, lifecycle plans,
returns, handback surveys...), each due date on the compliance calendar, and the evidence that
discharges it."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

CATEGORIES = {
    "insurance": "Insurance certificate",
    "accounts": "Audited accounts",
    "lifecycle": "Lifecycle (maintenance) plan",
    "service_report": "Service report",
    "health_safety": "Health and safety return",
    "refinancing": "Refinancing notice",
    "regulatory": "Regulatory filing",
    "handback_survey": "Handback condition survey",
    "handback_inspection": "Handback inspection",
    "other": "Other",
}
HANDBACK_CATEGORIES = ("handback_survey", "handback_inspection")
FREQUENCIES = {"once": "Once", "monthly": "Monthly", "quarterly": "Quarterly", "half_yearly": "Every six months",
               "annual": "Every year"}
MONTHS_BETWEEN = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "annual": 12}
OWERS = {"operator": "The operator", "government": "The public authority"}
DUE_STATUSES = {"due": "Due", "submitted": "Evidence sent, awaiting check", "returned": "Returned, evidence needed",
                "discharged": "Discharged"}
OPEN_DUE = ("due", "submitted", "returned")


class Obligation(Audited, db.Model):
    __tablename__ = "obligations"
    __audit_label__ = "obligation"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(24))
    owed_by: Mapped[str] = mapped_column(sa.String(12))  # operator | government
    clause: Mapped[str] = mapped_column(sa.String(120), default="")
    frequency: Mapped[str] = mapped_column(sa.String(12))
    first_due_on: Mapped[date]
    evidence_required: Mapped[str] = mapped_column(sa.Text, default="")
    # Handback: the asset condition required at expiry (shown on the handback page).
    condition_required: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract = relationship("Contract")
    dues: Mapped[list[ObligationDue]] = relationship(back_populates="obligation", order_by="ObligationDue.due_on",
                                                     cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.title} ({self.frequency_label.lower()}, owed by {self.owed_by})"

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES.get(self.frequency, self.frequency)

    @property
    def owed_by_label(self) -> str:
        return OWERS.get(self.owed_by, self.owed_by)

    @property
    def is_handback(self) -> bool:
        return self.category in HANDBACK_CATEGORIES

    @property
    def next_due(self) -> ObligationDue | None:
        open_dues = [d for d in self.dues if d.status in OPEN_DUE]
        return open_dues[0] if open_dues else None


class ObligationDue(Audited, db.Model):
    """One due date of an obligation: open until its evidence is checked and accepted."""

    __tablename__ = "obligation_dues"
    __table_args__ = (sa.UniqueConstraint("obligation_id", "due_on", name="uq_obligation_dues_obligation_due_on"),
                      sa.Index("ix_obligation_dues_contract_status_due", "contract_id", "status", "due_on"))
    __audit_label__ = "obligation due date"

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(sa.ForeignKey("obligations.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    owed_by: Mapped[str] = mapped_column(sa.String(12))  # copied from the obligation (the access rules read it)
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(12), default="due")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    late: Mapped[bool] = mapped_column(default=False)  # evidence sent after the due date
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    reminded_before_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)

    obligation: Mapped[Obligation] = relationship(back_populates="dues")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    checked_by = relationship("User", foreign_keys=[checked_by_id])
    evidence: Mapped[list[ObligationEvidence]] = relationship(
        back_populates="due", order_by="ObligationEvidence.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.obligation.title} due {self.due_on.isoformat()}: {self.status}{' (late)' if self.late else ''}"

    @property
    def status_label(self) -> str:
        return DUE_STATUSES.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DUE

    def is_overdue(self, today: date) -> bool:
        """Past its due date without evidence sent (evidence waiting for its check is not overdue)."""
        return self.status in ("due", "returned") and self.due_on < today


class ObligationEvidence(Audited, db.Model):
    __tablename__ = "obligation_evidence"
    __audit_label__ = "obligation evidence"
    __audit_exclude__ = ("key",)

    id: Mapped[int] = mapped_column(primary_key=True)
    due_id: Mapped[int] = mapped_column(sa.ForeignKey("obligation_dues.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(100))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    description: Mapped[str] = mapped_column(sa.String(300), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    due: Mapped[ObligationDue] = relationship(back_populates="evidence")
    uploaded_by = relationship("User")

    def audit_summary(self) -> str:
        return f"{self.original_name} (SHA-256 {self.sha256[:12]}…)"
