"""A contract's strategic objectives, its risk register (threats and opportunities) and reviews.

Links to records of other features (a KPI, an action) are kept here by kind and id
(`RiskLink`, `ObjectiveLink`) and resolved through `portal.panels.resolve_link`, never by
importing the feature that owns them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db
from portal.risks import scoring

KINDS = {"threat": "Threat", "opportunity": "Opportunity"}
CATEGORIES = {
    "financial": "Financial", "operational": "Operational", "demand": "Demand",
    "environmental": "Environmental", "social": "Social", "legal": "Legal and regulatory",
    "political": "Political", "reputational": "Reputational", "force_majeure": "Force majeure",
    "handback": "Hand-back",
}
ALLOCATIONS = {"public": "Public (the authority)", "private": "Private (the operator)", "shared": "Shared"}
ALLOCATION_SHORT = {"public": "Public", "private": "Private", "shared": "Shared"}
PARTIES = {"government": "Public authority", "operator": "Operator"}
THREAT_RESPONSES = {"avoid": "Avoid", "reduce": "Reduce", "transfer": "Transfer", "accept": "Accept"}
OPPORTUNITY_RESPONSES = {"exploit": "Exploit", "enhance": "Enhance", "share": "Share", "accept": "Accept"}
RESPONSES = {**THREAT_RESPONSES, **OPPORTUNITY_RESPONSES}
RESPONSES_BY_KIND = {"threat": THREAT_RESPONSES, "opportunity": OPPORTUNITY_RESPONSES}
STATUSES = {"open": "Open", "closed": "Closed"}
BAND_TONES = {"low": "good", "medium": "info", "high": "warn", "critical": "bad"}


class Objective(Audited, db.Model):
    """One of a contract's strategic objectives; KPIs, risks and actions link to it."""

    __tablename__ = "risk_objectives"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number", name="uq_risk_objectives_contract_number"),)
    __audit_label__ = "objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract = relationship("Contract")
    links: Mapped[list[ObjectiveLink]] = relationship(
        back_populates="objective", order_by="ObjectiveLink.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.title}"


class ObjectiveLink(Audited, db.Model):
    """An objective's link to another feature's record (a KPI, an action), by kind and id."""

    __tablename__ = "risk_objective_links"
    __table_args__ = (sa.UniqueConstraint("objective_id", "kind", "ref_id",
                                          name="uq_risk_objective_links_objective_id"),)
    __audit_label__ = "objective link"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(sa.ForeignKey("risk_objectives.id", ondelete="CASCADE"),
                                              index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    ref_id: Mapped[int]
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")

    objective: Mapped[Objective] = relationship(back_populates="links")

    def audit_summary(self) -> str:
        return f"{self.kind} {self.ref_id}"


risk_objectives = sa.Table(
    "risk_objective_risks", db.metadata,
    sa.Column("risk_id", sa.ForeignKey("risks.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("objective_id", sa.ForeignKey("risk_objectives.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Risk(Audited, db.Model):
    __tablename__ = "risks"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "number", name="uq_risks_contract_number"),
        sa.Index("ix_risks_contract_status", "contract_id", "status"),
        sa.CheckConstraint("inherent_likelihood BETWEEN 1 AND 5 AND inherent_impact BETWEEN 1 AND 5 "
                           "AND residual_likelihood BETWEEN 1 AND 5 AND residual_impact BETWEEN 1 AND 5",
                           name="ratings"),
    )
    __audit_label__ = "risk"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[str] = mapped_column(sa.String(12), default="threat")
    category: Mapped[str] = mapped_column(sa.String(20))
    allocation: Mapped[str] = mapped_column(sa.String(8))
    owner_party: Mapped[str] = mapped_column(sa.String(12), default="government")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    inherent_likelihood: Mapped[int]
    inherent_impact: Mapped[int]
    residual_likelihood: Mapped[int]
    residual_impact: Mapped[int]
    # Kept in step with the ratings by the services, so that lists sort and filter in SQL.
    inherent_score: Mapped[int]
    residual_score: Mapped[int]
    # The residual score before the latest review: the register's movement (up, down, same).
    previous_score: Mapped[int | None] = mapped_column()
    response: Mapped[str] = mapped_column(sa.String(10))
    controls: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(8), default="open")
    closed_reason: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reviewed_on: Mapped[date | None] = mapped_column()
    next_review_on: Mapped[date] = mapped_column(index=True)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract = relationship("Contract")
    owner = relationship("User")
    reviews: Mapped[list[RiskReview]] = relationship(
        back_populates="risk", order_by="RiskReview.reviewed_on.desc(), RiskReview.id.desc()",
        cascade="all, delete-orphan")
    links: Mapped[list[RiskLink]] = relationship(
        back_populates="risk", order_by="RiskLink.id", cascade="all, delete-orphan")
    objectives: Mapped[list[Objective]] = relationship(secondary=risk_objectives, order_by="Objective.number")

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return f"{self.reference} {self.title} ({self.status}, residual {self.residual_score})"

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def allocation_label(self) -> str:
        return ALLOCATION_SHORT.get(self.allocation, self.allocation)

    @property
    def owner_party_label(self) -> str:
        return PARTIES.get(self.owner_party, self.owner_party)

    @property
    def response_label(self) -> str:
        return RESPONSES.get(self.response, self.response)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def band(self) -> str:
        return scoring.band(self.residual_score)

    @property
    def inherent_band(self) -> str:
        return scoring.band(self.inherent_score)

    @property
    def band_label(self) -> str:
        return scoring.BAND_LABELS[self.band]

    @property
    def band_tone(self) -> str:
        return BAND_TONES[self.band]

    @property
    def review_interval_label(self) -> str:
        return scoring.REVIEW_LABELS[self.band]

    @property
    def movement(self) -> str:
        return scoring.movement(self.previous_score, self.residual_score)

    @property
    def movement_symbol(self) -> str:
        return scoring.MOVEMENT_SYMBOLS[self.movement]

    @property
    def movement_label(self) -> str:
        return scoring.MOVEMENT_LABELS[self.movement]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def review_overdue(self, today: date) -> bool:
        return self.is_open and self.next_review_on < today


class RiskReview(Audited, db.Model):
    """One review of a risk, kept for good: who, when, the residual ratings found, a note."""

    __tablename__ = "risk_reviews"
    __audit_label__ = "risk review"

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(sa.ForeignKey("risks.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    reviewed_on: Mapped[date]
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reviewer_name: Mapped[str] = mapped_column(sa.String(120), default="")
    likelihood: Mapped[int]
    impact: Mapped[int]
    score: Mapped[int]
    previous_score: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")  # the risk's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    risk: Mapped[Risk] = relationship(back_populates="reviews")

    def audit_summary(self) -> str:
        return f"Review on {self.reviewed_on.isoformat()}: residual {self.likelihood} x {self.impact} = {self.score}"

    @property
    def band_label(self) -> str:
        return scoring.BAND_LABELS[scoring.band(self.score)]

    @property
    def band_tone(self) -> str:
        return BAND_TONES[scoring.band(self.score)]

    @property
    def movement_symbol(self) -> str:
        return scoring.MOVEMENT_SYMBOLS[scoring.movement(self.previous_score, self.score)]

    @property
    def movement_label(self) -> str:
        return scoring.MOVEMENT_LABELS[scoring.movement(self.previous_score, self.score)]


class RiskLink(Audited, db.Model):
    """A risk's link to another feature's record (a KPI, an action), by kind and id."""

    __tablename__ = "risk_links"
    __table_args__ = (sa.UniqueConstraint("risk_id", "kind", "ref_id", name="uq_risk_links_risk_id"),
                      sa.Index("ix_risk_links_contract_kind_ref", "contract_id", "kind", "ref_id"))
    __audit_label__ = "risk link"

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(sa.ForeignKey("risks.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    ref_id: Mapped[int]
    visibility: Mapped[str] = mapped_column(sa.String(12), default="government")  # the risk's

    risk: Mapped[Risk] = relationship(back_populates="links")

    def audit_summary(self) -> str:
        return f"{self.kind} {self.ref_id}"
