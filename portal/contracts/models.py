"""Organisations, contracts (the PPP projects) and the memberships that give people roles."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.auth.models import User
from portal.db import UTCDateTime, utcnow
from portal.extensions import db
from portal.roles import role_label
from portal.workdays import HolidayCalendar

ORGANISATION_KINDS = {
    "government": "Government body",
    "operator": "Operator (private partner)",
    "subcontractor": "Subcontractor",
    "community": "Community group",
    "reviewer": "Independent reviewer",
}

SECTORS = {
    "health": "Health",
    "transport": "Transport",
    "water": "Water and sanitation",
    "education": "Education",
    "energy": "Energy",
    "justice": "Justice",
    "other": "Other",
}

CONTRACT_STATUSES = {
    "construction": "Under construction",
    "operating": "Operating",
    "handback": "Hand-back",
    "terminated": "Terminated",
    "expired": "Expired",
}

DEFAULT_DISPUTE_LADDER = [
    {"stage": "notice", "label": "Notice of dispute", "days": 10},
    {"stage": "negotiation", "label": "Negotiation", "days": 20},
    {"stage": "mediation", "label": "Mediation", "days": 30},
    {"stage": "expert", "label": "Expert determination", "days": 45},
    {"stage": "arbitration", "label": "Arbitration", "days": 120},
]


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class Contract(Audited, db.Model):
    __tablename__ = "contracts"
    __audit_label__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    sector: Mapped[str] = mapped_column(sa.String(20))
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="operating")
    government_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    operator_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    start_date: Mapped[date]
    end_date: Mapped[date]
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    # Money in minor units (cents); never floats.
    monthly_unitary_charge_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    point_value_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    deduction_cap_percent: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), default=Decimal("0"))
    ack_working_days: Mapped[int] = mapped_column(default=5)
    response_working_days: Mapped[int] = mapped_column(default=20)
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    # The working-day clocks stop on the public holidays of the contract's country (ISO 3166-1
    # alpha-2) and region (ISO 3166-2 subdivision, optional), for any year, and on its own
    # closures: ISO dates (YYYY-MM-DD) in `holidays`.
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    subdivision: Mapped[str] = mapped_column(sa.String(10), default="")
    holidays: Mapped[list] = mapped_column(sa.JSON, default=list)
    # The contract's total value over its term (capital and service payments), in minor units:
    # what open contracting data reports as the contract's value.
    total_value_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The four-eyes principle: whoever prepared a report, a payment statement or a correction does
    # not approve it. On unless the contract says otherwise.
    four_eyes: Mapped[bool] = mapped_column(default=True)
    dispute_ladder: Mapped[list] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_DISPUTE_LADDER))
    public_summary: Mapped[str] = mapped_column(sa.Text, default="")
    is_published: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    government_org: Mapped[Organisation] = relationship(foreign_keys=[government_org_id])
    operator_org: Mapped[Organisation] = relationship(foreign_keys=[operator_org_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def contract_id(self) -> int:  # a contract is its own contract record for audit and access
        return self.id

    @property
    def visibility(self) -> str:
        return "public" if self.is_published else "community"

    @property
    def sector_label(self) -> str:
        return SECTORS.get(self.sector, self.sector)

    @property
    def status_label(self) -> str:
        return CONTRACT_STATUSES.get(self.status, self.status)

    @property
    def calendar(self) -> HolidayCalendar:
        """The days its working-day clocks stop: public holidays of its country and region, and
        its own closures."""
        return HolidayCalendar(self.country, self.subdivision, self.holidays)

    def audit_summary(self) -> str:
        return f"{self.code} {self.title}"

    def __repr__(self) -> str:
        return f"<Contract {self.code}>"


class Membership(Audited, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "contract_id", name="uq_memberships_user_contract"),)
    __audit_label__ = "membership"
    audit_visibility = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(sa.String(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    contract: Mapped[Contract] = relationship()
    organisation: Mapped[Organisation] = relationship()

    def audit_summary(self) -> str:
        # During a flush a new row's relationships are not loaded yet; fetch by id instead.
        user = self.user or db.session.get(User, self.user_id)
        return f"{user.name} as {role_label(self.role)}"
