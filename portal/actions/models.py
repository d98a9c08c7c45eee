"""An action on the contract's one action list."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

STATUSES = {"open": "Open", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}
OPEN_STATUSES = ("open", "in_progress")
STATUS_TONES = {"open": "warn", "in_progress": "info", "done": "good", "dropped": "base"}
PARTIES = {"government": "The public authority", "operator": "The operator"}
SOURCES = {
    "contract": "Contract management",
    "meeting": "Meeting",
    "issue": "Issue",
    "risk": "Risk",
    "dispute": "Dispute",
    "healthcheck": "Health check",
    "stakeholder": "Stakeholder engagement",
}


class Action(Audited, db.Model):
    __tablename__ = "actions"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "number", name="uq_actions_contract_number"),
        sa.Index("ix_actions_contract_status", "contract_id", "status"),
        sa.Index("ix_actions_owner_status", "owner_user_id", "status"),
    )
    __audit_label__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Owner: a person, or a party ("government" | "operator"); exactly one of the two.
    owner_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    owner_party: Mapped[str | None] = mapped_column(sa.String(12))
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")
    drop_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    # Where it came from (another feature's record, by kind and id; never a foreign key).
    source_kind: Mapped[str] = mapped_column(sa.String(20), default="contract")
    source_id: Mapped[int | None] = mapped_column()
    source_title: Mapped[str] = mapped_column(sa.String(300), default="")
    source_url: Mapped[str] = mapped_column(sa.String(500), default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reminders already sent, so `portal remind` never repeats one: the due date it warned about.
    reminded_soon_for: Mapped[date | None] = mapped_column(sa.Date)
    reminded_overdue_for: Mapped[date | None] = mapped_column(sa.Date)
    version: Mapped[int] = mapped_column(default=1)

    contract = relationship("Contract")
    owner = relationship("User", foreign_keys=[owner_user_id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} ({self.status_label.lower()}): {self.title}"[:300]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "base")

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source_kind, self.source_kind.title())

    @property
    def owner_label(self) -> str:
        if self.owner is not None:
            return self.owner.name
        return PARTIES.get(self.owner_party or "", "Nobody yet")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today
