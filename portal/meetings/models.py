"""Meetings, their agenda, attendance, outcomes and minutes (with every revision)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

KINDS = {
    "contract_management": "Contract management",
    "public_private_dialogue": "Public-private dialogue",
    "community_consultation": "Community consultation",
    "dispute": "Dispute meeting",
    "technical": "Technical",
}
# Visibility by kind: the first is the default, the others may be chosen.
KIND_VISIBILITIES = {
    "contract_management": ("partners", "government"),
    "public_private_dialogue": ("partners", "public", "community"),
    "community_consultation": ("community", "public"),
    "dispute": ("partners",),
    "technical": ("partners", "government"),
}
STATUSES = {"scheduled": "Scheduled", "held": "Held", "cancelled": "Cancelled"}
# The lifecycle a person reads: scheduled -> held -> minutes draft -> minutes approved, or cancelled.
STAGES = {"scheduled": "Scheduled", "held": "Held", "minutes_draft": "Minutes in draft",
          "minutes_approved": "Minutes approved", "cancelled": "Cancelled"}
STAGE_TONES = {"scheduled": "info", "held": "warn", "minutes_draft": "warn", "minutes_approved": "good",
               "cancelled": "base"}
ATTENDANCE = {"expected": "Invited", "present": "Present", "apologies": "Apologies", "absent": "Absent"}
OUTCOME_KINDS = {"decision": "Decision", "information": "Information", "action": "Action"}
REVISION_KINDS = {"draft": "Draft saved", "conflict": "Kept from a conflicting edit", "approval": "Approved",
                  "correction": "Correction after approval"}


class Meeting(Audited, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number", name="uq_meetings_contract_number"),
                      sa.Index("ix_meetings_contract_starts", "contract_id", "starts_at"))
    __audit_label__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    video_url: Mapped[str] = mapped_column(sa.String(500), default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    status: Mapped[str] = mapped_column(sa.String(12), default="scheduled")
    cancel_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    chair_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # iCalendar SEQUENCE: raised whenever the time, place or status changes (same UID throughout).
    ics_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    contract = relationship("Contract")
    chair = relationship("User", foreign_keys=[chair_id])
    agenda: Mapped[list[AgendaItem]] = relationship(back_populates="meeting", order_by="AgendaItem.position",
                                                    cascade="all, delete-orphan")
    attendees: Mapped[list[Attendee]] = relationship(back_populates="meeting", order_by="Attendee.id",
                                                     cascade="all, delete-orphan")
    outcomes: Mapped[list[Outcome]] = relationship(back_populates="meeting", order_by="Outcome.id",
                                                   cascade="all, delete-orphan")
    minutes: Mapped[Minutes | None] = relationship(back_populates="meeting", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.title} ({self.stage_label.lower()})"[:300]

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def stage(self) -> str:
        if self.status in ("cancelled", "scheduled"):
            return self.status
        if self.minutes is None:
            return "held"
        return "minutes_approved" if self.minutes.status == "approved" else "minutes_draft"

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]

    @property
    def stage_tone(self) -> str:
        return STAGE_TONES[self.stage]

    @property
    def minutes_approved(self) -> bool:
        return self.minutes is not None and self.minutes.status == "approved"


class AgendaItem(Audited, db.Model):
    __tablename__ = "meeting_agenda_items"
    __audit_label__ = "agenda item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    presenter: Mapped[str] = mapped_column(sa.String(120), default="")
    minutes_allotted: Mapped[int | None] = mapped_column()
    # A record of another feature (issue, dispute, risk, KPI, feedback...), by link kind and id.
    link_kind: Mapped[str] = mapped_column(sa.String(20), default="")
    link_id: Mapped[int | None] = mapped_column()
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")  # the meeting's

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")

    def audit_summary(self) -> str:
        return self.title


class Attendee(Audited, db.Model):
    """A person invited to a meeting: a member of the contract (user_id) or an external guest."""

    __tablename__ = "meeting_attendees"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendees_meeting_user"),)
    __audit_label__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")  # guests; members show their account name
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    attendance: Mapped[str] = mapped_column(sa.String(12), default="expected")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")  # the meeting's

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    user = relationship("User")

    @property
    def display_name(self) -> str:
        return self.user.name if self.user is not None else self.name

    @property
    def attendance_label(self) -> str:
        return ATTENDANCE.get(self.attendance, self.attendance)

    def audit_summary(self) -> str:
        return f"{self.display_name or 'guest'}: {self.attendance_label.lower()}"


class Outcome(Audited, db.Model):
    """What an agenda item produced: a decision (numbered for the decisions log), an information
    note, or an action (kept on the contract's action list; `action_id` points to it there)."""

    __tablename__ = "meeting_outcomes"
    __table_args__ = (sa.Index("ix_meeting_outcomes_contract_kind", "contract_id", "kind"),)
    __audit_label__ = "meeting outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_agenda_items.id", ondelete="SET NULL"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    text: Mapped[str] = mapped_column(sa.Text)
    reference: Mapped[str] = mapped_column(sa.String(32), default="")  # decisions: NSH-DEC-0012
    action_id: Mapped[int | None] = mapped_column()  # the action list's id (another feature's record)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")  # the meeting's
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="outcomes")
    agenda_item: Mapped[AgendaItem | None] = relationship()

    @property
    def kind_label(self) -> str:
        return OUTCOME_KINDS.get(self.kind, self.kind)

    def audit_summary(self) -> str:
        return f"{self.reference or self.kind_label}: {self.text}"[:300]


class Minutes(Audited, db.Model):
    """A meeting's minutes: the working draft (autosaved), and once approved the approved text."""

    __tablename__ = "meeting_minutes"
    __audit_label__ = "minutes"
    # Autosaves change the draft every few seconds: the revisions carry the text into the trail.
    __audit_exclude__ = ("draft_text", "approved_text", "draft_saved_at")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="draft")  # draft | approved
    draft_text: Mapped[str] = mapped_column(sa.Text, default="")
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    draft_saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_text: Mapped[str] = mapped_column(sa.Text, default="")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")  # the meeting's
    version: Mapped[int] = mapped_column(default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")
    draft_saved_by = relationship("User", foreign_keys=[draft_saved_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    revisions: Mapped[list[MinutesRevision]] = relationship(
        back_populates="minutes", order_by="MinutesRevision.number", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"minutes ({self.status})"


class MinutesRevision(Audited, db.Model):
    __tablename__ = "meeting_minutes_revisions"
    __table_args__ = (sa.UniqueConstraint("minutes_id", "number", name="uq_meeting_minutes_revisions_minutes_number"),)
    __audit_label__ = "minutes revision"
    __audit_exclude__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting_minutes.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(12))
    text: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    author = relationship("User")

    @property
    def kind_label(self) -> str:
        return REVISION_KINDS.get(self.kind, self.kind)

    def audit_summary(self) -> str:
        return f"revision {self.number}: {self.kind_label.lower()}" + (f" ({self.reason})" if self.reason else "")


class CalendarFeed(db.Model):
    """A member's private calendar feed: only the token's hash is kept; resetting replaces it."""

    __tablename__ = "meeting_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
