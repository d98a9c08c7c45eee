"""Stakeholders, contacts with them, and the partnership health check.

Health-check answers are stored apart from who answered: a participation row says that a person
took part in a round (so nobody answers twice), an answer row holds the scores with its side only,
under a random id, with no time and no person. Neither is an audited record: an audit event names
its actor, and an event written when someone answers would tie them to their scores."""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db

STAKEHOLDER_KINDS = {
    "community": "Community group",
    "resident": "Residents",
    "user_group": "Service users",
    "elected": "Elected representative",
    "regulator": "Regulator",
    "public_body": "Public body",
    "business": "Business",
    "lender": "Lender or investor",
    "union": "Trade union",
    "media": "Media",
    "ngo": "Non-governmental organisation",
    "other": "Other",
}
# Interest and influence from 1 to 5; 3 and above count as high on the 2×2 map.
HIGH = 3
QUADRANTS = {
    "manage_closely": "Manage closely",
    "keep_satisfied": "Keep satisfied",
    "keep_informed": "Keep informed",
    "monitor": "Monitor",
}
CHANNELS = {"meeting": "Meeting", "phone": "Phone", "email": "E-mail", "letter": "Letter",
            "site_visit": "Site visit", "public_event": "Public event"}

DIMENSIONS = {
    "trust": ("Trust", "The other side acts in good faith and keeps its word."),
    "communication": ("Communication", "Information is shared openly, early and clearly."),
    "responsiveness": ("Responsiveness", "Requests and problems get a timely answer."),
    "collaboration": ("Collaboration", "We solve problems together rather than against each other."),
    "disagreements": ("Handling of disagreements", "Disagreements are raised early and settled fairly."),
}
SIDES = {"government": "Public authority", "operator": "Operator"}
ROUND_STATUSES = {"open": "Open for answers", "closed": "Closed"}


def quadrant(interest: int, influence: int) -> str:
    if influence >= HIGH:
        return "manage_closely" if interest >= HIGH else "keep_satisfied"
    return "keep_informed" if interest >= HIGH else "monitor"


class Stakeholder(Audited, db.Model):
    __tablename__ = "stakeholders"
    __table_args__ = (sa.UniqueConstraint("contract_id", "name", name="uq_stakeholders_contract_name"),)
    __audit_label__ = "stakeholder"
    __audit_exclude__ = ("notes",)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(20), default="other")
    interest: Mapped[int] = mapped_column(default=3)
    influence: Mapped[int] = mapped_column(default=3)
    approach: Mapped[str] = mapped_column(sa.String(500), default="")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    owner = relationship("User")
    engagements: Mapped[list[Engagement]] = relationship(
        back_populates="stakeholder", order_by="Engagement.occurred_on.desc(), Engagement.id.desc()",
        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.name} (interest {self.interest}, influence {self.influence})"

    @property
    def kind_label(self) -> str:
        return STAKEHOLDER_KINDS.get(self.kind, self.kind)

    @property
    def quadrant(self) -> str:
        return quadrant(self.interest, self.influence)

    @property
    def quadrant_label(self) -> str:
        return QUADRANTS[self.quadrant]


class Engagement(Audited, db.Model):
    """One contact with a stakeholder."""

    __tablename__ = "stakeholder_engagements"
    __audit_label__ = "stakeholder contact"
    __audit_exclude__ = ("summary",)

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(sa.Date)
    channel: Mapped[str] = mapped_column(sa.String(16), default="meeting")
    who_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(sa.Text)
    follow_up: Mapped[str] = mapped_column(sa.String(200), default="")
    action_id: Mapped[int | None] = mapped_column()  # the follow-up on the action list
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")  # the stakeholder's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="engagements")
    who = relationship("User")

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    def audit_summary(self) -> str:
        return f"{self.channel_label} on {self.occurred_on:%d %b %Y}"


class HealthCheckRound(Audited, db.Model):
    __tablename__ = "health_check_rounds"
    __table_args__ = (sa.UniqueConstraint("contract_id", "label", name="uq_health_check_rounds_contract_label"),)
    __audit_label__ = "health check round"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(40))
    opens_on: Mapped[date] = mapped_column(sa.Date)
    closes_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(8), default="open")
    # An official releases a closed round's results for the transparency report.
    released: Mapped[bool] = mapped_column(default=False)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"health check {self.label} ({self.status}{', released' if self.released else ''})"

    @property
    def status_label(self) -> str:
        return ROUND_STATUSES.get(self.status, self.status)


class HealthCheckParticipation(db.Model):
    """That a person answered a round (never what). Not audited: see the module's docstring."""

    __tablename__ = "health_check_participations"
    __table_args__ = (sa.UniqueConstraint("round_id", "user_id", name="uq_health_check_participations_round_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("health_check_rounds.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(sa.String(12))


def _random_id() -> str:
    return secrets.token_hex(16)


class HealthCheckAnswer(db.Model):
    """One person's scores, with their side only: a random id, no time, no person. Rows are
    re-written in random order when the round closes, so not even their order on disk follows
    the order of the participations."""

    __tablename__ = "health_check_answers"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=_random_id)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("health_check_rounds.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(sa.String(12))
    trust: Mapped[int]
    communication: Mapped[int]
    responsiveness: Mapped[int]
    collaboration: Mapped[int]
    disagreements: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
