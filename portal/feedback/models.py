"""Feedback from the public, its categories, timeline, attachments and response templates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

if TYPE_CHECKING:  # for the annotations only: SQLAlchemy resolves them by name in its registry
    from portal.auth.models import User
    from portal.contracts.models import Contract

KINDS = {
    "complaint": "Complaint",
    "grievance": "Grievance",
    "suggestion": "Suggestion",
    "compliment": "Compliment",
    "question": "Question",
}
CHANNELS = {"web": "Web form", "phone": "Phone", "letter": "Letter", "in_person": "In person", "email": "E-mail"}
STATUSES = {
    "received": "Received",
    "acknowledged": "Acknowledged",
    "in_review": "In review",
    "responded": "Responded",
    "appealed": "Appealed",
    "closed": "Closed",
}
OPEN_STATUSES = ("received", "acknowledged", "in_review", "appealed")
PARTIES = {"operator": "The operator", "government": "The public authority"}
STATUS_TONES = {"received": "warn", "acknowledged": "info", "in_review": "info", "responded": "good",
                "appealed": "bad", "closed": "base"}

# Timeline entries; `public` ones are shown to the submitter on the tracking page.
EVENT_LABELS = {
    "received": "Received",
    "acknowledged": "Acknowledged",
    "assigned": "Assigned",
    "question": "Question to the submitter",
    "reply": "Reply from the submitter",
    "note": "Internal note",
    "issue_opened": "Issue opened",
    "responded": "Response published",
    "rated": "Rated by the submitter",
    "appealed": "Appealed",
    "appeal_decided": "Appeal decided",
    "moderated": "Published on the public board",
    "hidden": "Hidden from the public board",
    "reported": "Reported as abusive",
    "closed": "Closed",
}


class Deadline(NamedTuple):
    at: datetime
    note: str = ""  # what a short list says beside the date, e.g. "ack."


class FeedbackCategory(Audited, db.Model):
    """A contract's feedback category and the party responsible for answering it."""

    __tablename__ = "feedback_categories"
    __table_args__ = (sa.UniqueConstraint("contract_id", "name", name="uq_feedback_categories_contract_name"),)
    __audit_label__ = "feedback category"
    audit_visibility = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    routed_to: Mapped[str] = mapped_column(sa.String(12), default="operator")  # operator | government
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.name} (to {self.routed_to}{'' if self.active else ', inactive'})"

    @property
    def routed_label(self) -> str:
        return PARTIES.get(self.routed_to, self.routed_to)


class Feedback(Audited, db.Model):
    __tablename__ = "feedback"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "year", "number", name="uq_feedback_contract_year_number"),
        sa.Index("ix_feedback_contract_status", "contract_id", "status"),
        sa.Index("ix_feedback_contract_received", "contract_id", "received_at"),
        sa.Index("ix_feedback_board", "contract_id", "on_board", "received_at"),
    )
    __audit_label__ = "feedback"
    # Personal data and the secret stay out of the audit trail.
    __audit_exclude__ = ("token_hash", "submitter_name", "submitter_email", "text", "appeal_text",
                         "satisfaction_comment", "place", "latitude", "longitude", "response",
                         "appeal_decision", "public_text", "public_response", "hidden_reason")

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    year: Mapped[int]
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(12))
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback_categories.id", ondelete="SET NULL"))
    routed_to: Mapped[str] = mapped_column(sa.String(12), default="operator")
    text: Mapped[str] = mapped_column(sa.Text)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    latitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    # Who: an account, or an anonymous name / e-mail (both optional).
    submitter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    submitter_name: Mapped[str] = mapped_column(sa.String(120), default="")
    submitter_email: Mapped[str] = mapped_column(sa.String(254), default="")
    show_name: Mapped[bool] = mapped_column(default=False)  # the submitter chose to be named publicly
    channel: Mapped[str] = mapped_column(sa.String(12), default="web")
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    sensitive: Mapped[bool] = mapped_column(default=False)
    # The access policy's name for it: sensitive feedback is read by government officers only.
    is_sensitive = synonym("sensitive")
    # Workflow and clock
    status: Mapped[str] = mapped_column(sa.String(12), default="received")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ack_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    response_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    awaiting_reply: Mapped[bool] = mapped_column(default=False)
    response: Mapped[str] = mapped_column(sa.Text, default="")
    response_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Closing the loop
    satisfied: Mapped[bool | None] = mapped_column()
    satisfaction_comment: Mapped[str] = mapped_column(sa.Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appeal_text: Mapped[str] = mapped_column(sa.Text, default="")
    appeal_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appeal_decision: Mapped[str] = mapped_column(sa.Text, default="")
    appeal_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moderation for the public board: the original text is never overwritten.
    on_board: Mapped[bool] = mapped_column(default=False)
    public_text: Mapped[str] = mapped_column(sa.Text, default="")
    public_response: Mapped[str] = mapped_column(sa.Text, default="")
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    abuse_reports: Mapped[int] = mapped_column(default=0)
    # Cross-feature link: the issue raised from this feedback (issues feature, when it exists).
    issue_id: Mapped[int | None] = mapped_column()
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract: Mapped[Contract] = relationship()
    category: Mapped[FeedbackCategory | None] = relationship(lazy="joined")  # shown on every row
    submitter: Mapped[User | None] = relationship(foreign_keys=[submitter_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    events: Mapped[list[FeedbackEvent]] = relationship(
        back_populates="feedback", order_by="FeedbackEvent.id", cascade="all, delete-orphan")
    attachments: Mapped[list[FeedbackAttachment]] = relationship(
        back_populates="feedback", order_by="FeedbackAttachment.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        if self.sensitive:  # the audit trail is read more widely than the record: say nothing more
            return f"{self.reference} (sensitive)"
        return f"{self.reference} ({self.kind}, {self.status})"

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "base")

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def category_name(self) -> str:
        return self.category.name if self.category else "Other"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def routed_label(self) -> str:
        return PARTIES.get(self.routed_to, self.routed_to)

    @property
    def next_deadline(self) -> Deadline | None:
        """What the clock waits for now: the acknowledgement, the response or the appeal decision."""
        if self.status == "received":
            return Deadline(self.ack_due_at, "ack.")
        if self.status in ("acknowledged", "in_review"):
            return Deadline(self.response_due_at)
        if self.status == "appealed" and self.appeal_due_at is not None:
            return Deadline(self.appeal_due_at)
        return None

    def is_overdue(self, now: datetime | None = None) -> bool:
        due = self.next_deadline
        return due is not None and due.at < (now or utcnow())

    @property
    def public_name(self) -> str:
        if self.show_name and (self.submitter_name or self.submitter):
            return self.submitter_name or self.submitter.name
        return "Name withheld"


class FeedbackEvent(Audited, db.Model):
    """One step on a feedback's timeline. `public` steps are shown to the submitter."""

    __tablename__ = "feedback_events"
    __audit_label__ = "feedback step"
    # The body can hold the submitter's words or staff notes: it stays on the record only.
    __audit_exclude__ = ("body",)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    public: Mapped[bool] = mapped_column(default=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    is_sensitive: Mapped[bool] = mapped_column(default=False)  # copied from its feedback
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feedback: Mapped[Feedback] = relationship(back_populates="events")

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.kind, self.kind)

    def audit_summary(self) -> str:
        return f"{self.label}"


class FeedbackAttachment(Audited, db.Model):
    __tablename__ = "feedback_attachments"
    __audit_label__ = "feedback attachment"
    __audit_exclude__ = ("key", "original_name")

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(100))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    is_sensitive: Mapped[bool] = mapped_column(default=False)  # copied from its feedback
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feedback: Mapped[Feedback] = relationship(back_populates="attachments")

    def audit_summary(self) -> str:
        return "attachment" if self.is_sensitive else self.original_name

    @property
    def size_label(self) -> str:
        if self.size < 1024:
            return f"{self.size} bytes"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


class ResponseTemplate(Audited, db.Model):
    __tablename__ = "feedback_response_templates"
    __audit_label__ = "response template"
    audit_visibility = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return self.title
