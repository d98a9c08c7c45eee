"""Issues: a problem raised by a member, worked to a close in one shared timeline.

Priorities carry response and resolution targets set per contract (IssueSettings); the
timeline (IssueEvent) records every comment, status change, reassignment and attachment."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

PRIORITIES = {"urgent": "Urgent", "high": "High", "medium": "Medium", "low": "Low"}
PRIORITY_RANK = {"urgent": 4, "high": 3, "medium": 2, "low": 1}
PRIORITY_TONES = {"urgent": "bad", "high": "warn", "medium": "info", "low": "base"}
STATUSES = {"open": "Open", "in_progress": "In progress", "resolved": "Resolved", "closed": "Closed"}
OPEN_STATUSES = ("open", "in_progress")
STATUS_TONES = {"open": "warn", "in_progress": "info", "resolved": "good", "closed": "base"}
PARTIES = {"operator": "The operator", "government": "The public authority"}
# Visibility of an issue: never narrower than the parties it is routed between.
ISSUE_VISIBILITIES = ("public", "community", "partners")

# Targets per priority: respond within `respond` of `respond_unit`, resolve within `resolve` of
# `resolve_unit`; units are "hours" (elapsed) or "working_days" (the contract's calendar).
DEFAULT_TARGETS = {
    "urgent": {"respond": 4, "respond_unit": "hours", "resolve": 2, "resolve_unit": "working_days"},
    "high": {"respond": 1, "respond_unit": "working_days", "resolve": 5, "resolve_unit": "working_days"},
    "medium": {"respond": 3, "respond_unit": "working_days", "resolve": 15, "resolve_unit": "working_days"},
    "low": {"respond": 5, "respond_unit": "working_days", "resolve": 30, "resolve_unit": "working_days"},
}
UNITS = {"hours": "hours", "working_days": "working days"}
DEFAULT_CATEGORIES = ["Maintenance and repairs", "Cleaning", "Safety", "Noise and environment",
                      "Service availability", "Communication", "Other"]

EVENT_LABELS = {
    "raised": "Raised",
    "comment": "Comment",
    "status": "Status changed",
    "reopened": "Reopened",
    "assigned": "Assignee changed",
    "routed": "Routed",
    "edited": "Details edited",
    "attachment": "File attached",
    "linked": "Link added",
    "service_failure": "Marked as a service failure",
    "handed_over": "Handed over to performance",
    "escalated": "Escalated to a dispute",
}


class IssueSettings(Audited, db.Model):
    """A contract's issue categories and its response and resolution targets by priority."""

    __tablename__ = "issue_settings"
    __audit_label__ = "issue settings"
    audit_visibility = "community"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), unique=True)
    targets: Mapped[dict] = mapped_column(sa.JSON, default=lambda: dict(DEFAULT_TARGETS))
    categories: Mapped[list] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_CATEGORIES))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        parts = [f"{PRIORITIES[p]}: respond {t['respond']} {UNITS[t['respond_unit']]}, "
                 f"resolve {t['resolve']} {UNITS[t['resolve_unit']]}"
                 for p, t in (self.targets or {}).items() if p in PRIORITIES]
        return "; ".join(parts)[:300]


class Issue(Audited, db.Model):
    __tablename__ = "issues"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "number", name="uq_issues_contract_number"),
        sa.Index("ix_issues_contract_status", "contract_id", "status"),
    )
    __audit_label__ = "issue"
    __audit_exclude__ = ("description",)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, rendered sanitised
    category: Mapped[str] = mapped_column(sa.String(80), default="Other")
    priority: Mapped[str] = mapped_column(sa.String(8), default="medium")
    priority_rank: Mapped[int] = mapped_column(default=2)  # for sorting: urgent 4 .. low 1
    status: Mapped[str] = mapped_column(sa.String(12), default="open")
    routed_to: Mapped[str] = mapped_column(sa.String(12), default="operator")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="community")
    raised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    respond_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolve_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_count: Mapped[int] = mapped_column(default=0)
    # A service failure in the operator's area: handed to performance when resolved.
    is_service_failure: Mapped[bool] = mapped_column(default=False)
    failure_area_id: Mapped[int | None] = mapped_column()  # performance's area (a link, no FK)
    failure_area_name: Mapped[str] = mapped_column(sa.String(120), default="")
    failure_criterion: Mapped[str] = mapped_column(sa.String(120), default="")
    failure_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure_rectified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure_handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The dispute this issue was escalated into (disputes feature; a link, no FK).
    dispute_id: Mapped[int | None] = mapped_column()
    dispute_reference: Mapped[str] = mapped_column(sa.String(32), default="")
    version: Mapped[int] = mapped_column(default=1)

    contract = relationship("Contract")
    raised_by = relationship("User", foreign_keys=[raised_by_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    events: Mapped[list[IssueEvent]] = relationship(
        back_populates="issue", order_by=lambda: (IssueEvent.created_at, IssueEvent.id), cascade="all, delete-orphan")
    attachments: Mapped[list[IssueAttachment]] = relationship(
        back_populates="issue", order_by="IssueAttachment.id", cascade="all, delete-orphan")
    links: Mapped[list[IssueLink]] = relationship(
        back_populates="issue", order_by="IssueLink.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.title} ({self.priority}, {self.status})"[:300]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "base")

    @property
    def priority_label(self) -> str:
        return PRIORITIES.get(self.priority, self.priority)

    @property
    def priority_tone(self) -> str:
        return PRIORITY_TONES.get(self.priority, "base")

    @property
    def routed_label(self) -> str:
        return PARTIES.get(self.routed_to, self.routed_to)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def response_overdue(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.is_open and self.responded_at is None and self.respond_due_at < now

    def resolution_overdue(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.is_open and self.resolve_due_at < now

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.response_overdue(now) or self.resolution_overdue(now)


class IssueEvent(Audited, db.Model):
    """One step on an issue's timeline, read by whoever reads the issue."""

    __tablename__ = "issue_events"
    __audit_label__ = "issue step"
    __audit_exclude__ = ("body",)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    body: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown for comments, plain otherwise
    from_status: Mapped[str] = mapped_column(sa.String(12), default="")
    to_status: Mapped[str] = mapped_column(sa.String(12), default="")
    attachment_id: Mapped[int | None] = mapped_column()
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="community")  # the issue's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    issue: Mapped[Issue] = relationship(back_populates="events")

    @property
    def label(self) -> str:
        if self.kind == "status" and self.to_status:
            return f"{STATUSES.get(self.from_status, self.from_status)} → {STATUSES.get(self.to_status, self.to_status)}"
        return EVENT_LABELS.get(self.kind, self.kind)

    def audit_summary(self) -> str:
        return self.label


class IssueAttachment(Audited, db.Model):
    __tablename__ = "issue_attachments"
    __audit_label__ = "issue attachment"
    __audit_exclude__ = ("key",)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(100))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="community")  # the issue's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    issue: Mapped[Issue] = relationship(back_populates="attachments")

    def audit_summary(self) -> str:
        return self.original_name

    @property
    def size_label(self) -> str:
        if self.size < 1024:
            return f"{self.size} bytes"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


class IssueLink(Audited, db.Model):
    """A link from an issue to another feature's record (a KPI, a feedback item, a meeting...),
    resolved through portal.panels when shown; `label` is kept for when it can no longer be."""

    __tablename__ = "issue_links"
    __table_args__ = (sa.UniqueConstraint("issue_id", "kind", "ref_id", name="uq_issue_links_issue_kind_ref"),)
    __audit_label__ = "issue link"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(24))
    ref_id: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="community")  # the issue's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    issue: Mapped[Issue] = relationship(back_populates="links")

    def audit_summary(self) -> str:
        return f"{self.kind} {self.label}"[:300]


class IssueWatch(db.Model):
    """Someone who is told about changes to an issue."""

    __tablename__ = "issue_watches"
    __table_args__ = (sa.UniqueConstraint("issue_id", "user_id", name="uq_issue_watches_issue_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
