"""Accountability reports: a frozen snapshot of a contract's record, its workflow and its PDF."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

STATUSES = {
    "draft": "Draft",
    "submitted": "Submitted for approval",
    "approved": "Approved",
    "published": "Published",
    "withdrawn": "Withdrawn",
}
STATUS_TONES = {"draft": "base", "submitted": "info", "approved": "info", "published": "good",
                "withdrawn": "bad"}
PERIOD_KINDS = {"quarter": "Quarterly report", "year": "Annual report", "custom": "Report for a custom period"}
RENDER_STATES = {"idle", "queued", "rendering", "failed", "done"}


class Report(Audited, db.Model):
    __tablename__ = "reports"
    __audit_label__ = "report"
    __audit_exclude__ = ("snapshot",)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    # Drafts are government-only; a published (or withdrawn) report is public.
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")
    title: Mapped[str] = mapped_column(sa.String(200))
    period_kind: Mapped[str] = mapped_column(sa.String(10), default="quarter")
    period_start: Mapped[date]
    period_end: Mapped[date]
    sections: Mapped[list] = mapped_column(sa.JSON, default=list)
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    # The official's short narrative for the social impact (triple bottom line) section.
    impact_narrative: Mapped[str] = mapped_column(sa.Text, default="")
    methodology: Mapped[str] = mapped_column(sa.Text, default="")
    snapshot: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    snapshot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(12), default="draft", index=True)
    # Corrections: the published report this one replaces, and its edition number in the series.
    edition: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reports.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    render_state: Mapped[str] = mapped_column(sa.String(10), default="idle")
    render_error: Mapped[str] = mapped_column(sa.Text, default="")
    pdf_key: Mapped[str | None] = mapped_column(sa.String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    pdf_size: Mapped[int | None] = mapped_column()
    pdf_pages: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    contract = relationship("Contract")
    kind_noun = "report"

    @property
    def prepared_by_ids(self) -> set[int]:
        """Who drafted or submitted it: under the four-eyes principle none of them approves it."""
        return {i for i in (self.created_by_id, self.submitted_by_id) if i is not None}

    created_by = relationship("User", foreign_keys=[created_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])
    supersedes: Mapped[Report | None] = relationship(remote_side=[id], foreign_keys=[supersedes_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.Index("ix_reports_contract_id_status", "contract_id", "status"),)

    @property
    def status_label(self) -> str:
        if self.status == "published" and self.superseded_at is not None:
            return "Superseded"
        return STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        if self.status == "published" and self.superseded_at is not None:
            return "warn"
        return STATUS_TONES.get(self.status, "base")

    @property
    def is_public(self) -> bool:
        return self.status in ("published", "withdrawn")

    @property
    def is_editable(self) -> bool:
        return self.status == "draft"

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"

    def audit_summary(self) -> str:
        return f"{self.title} ({self.status_label.lower()}, edition {self.edition})"

    def __repr__(self) -> str:
        return f"<Report {self.id} {self.title!r} {self.status}>"


ITEM_KINDS = {"kpi": "Indicator", "feedback": "Feedback on the public board"}


class ReportItem(Audited, db.Model):
    """An item an official chose for a section of a report (a KPI, a feedback example).

    Items that are not public when chosen (or later) stay out of the report unless `release` is
    set: the official's explicit decision to publish them, recorded with who and when (and, as an
    audited record, in the audit trail)."""

    __tablename__ = "report_items"
    __table_args__ = (sa.UniqueConstraint("report_id", "section", "kind", "ref_id", name="uq_report_items_choice"),)
    __audit_label__ = "report item"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(sa.String(20))
    kind: Mapped[str] = mapped_column(sa.String(12))  # kpi | feedback
    ref_id: Mapped[int] = mapped_column()
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    # The item's own visibility when it was chosen, and the explicit decision to publish it anyway.
    source_visibility: Mapped[str] = mapped_column(sa.String(12), default="public")
    release: Mapped[bool] = mapped_column(default=False)
    chosen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The choice itself is part of the government's drafting record.
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")

    chosen_by = relationship("User")

    def audit_summary(self) -> str:
        released = f", released for publication from {self.source_visibility}" if self.release else ""
        return f"report {self.report_id}, {self.section}: {ITEM_KINDS.get(self.kind, self.kind)} {self.label}{released}"[:300]
