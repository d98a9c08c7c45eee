"""Performance framework (terms, areas, KPIs), monthly submissions, review and payment statements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db
from portal.performance.paymech import kpi_met, money

CATEGORIES = {
    "availability": "Availability", "service_quality": "Service quality", "safety": "Safety",
    "environmental": "Environmental", "social": "Social", "financial": "Financial",
}
DIRECTIONS = {"higher": "Higher is better", "lower": "Lower is better"}
SUBMISSION_STATUSES = {
    "draft": "Draft", "submitted": "Submitted for review", "queried": "Queried",
    "accepted": "Reviewed, awaiting approval", "approved": "Approved, awaiting countersignature",
    "countersigned": "Statement frozen",
}
LINE_STATUSES = {
    "pending": "Awaiting review", "accepted": "Accepted", "queried": "Queried", "rejected": "Rejected",
    "excused": "Excusing cause accepted", "waived": "Deduction waived",
}
DECISIONS = {"accept": "accepted", "query": "queried", "reject": "rejected", "excuse": "excused", "waive": "waived"}
SETTLED = frozenset({"accepted", "rejected", "excused", "waived"})  # a line's final decisions
# Where a month stands decides what can happen to it next; services and templates ask the
# Submission properties below rather than comparing these strings.
OPEN_FOR_EVIDENCE = ("draft", "queried")
IN_REVIEW = ("submitted", "queried", "accepted")
SETTLED_STATUSES = ("approved", "countersigned")  # the payment is decided; only a correction changes it
STATUS_TONES = {"draft": "info", "queried": "warn", "countersigned": "good"}
MONEY = sa.Numeric(16, 2)
RATE = sa.Numeric(16, 6)


class PaymentTerms(Audited, db.Model):
    """The payment mechanism of a contract from `effective_from`; a period uses the latest in force."""

    __tablename__ = "perf_payment_terms"
    __audit_label__ = "payment terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    effective_from: Mapped[date]
    annual_unitary_charge: Mapped[Decimal] = mapped_column(MONEY)
    area_rate: Mapped[Decimal | None] = mapped_column(RATE)  # None: derived from the charge
    calibration_factor: Mapped[Decimal] = mapped_column(RATE, default=Decimal("1"))
    used_factor: Mapped[Decimal] = mapped_column(RATE, default=Decimal("0.5"))
    repetition: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"after": 4, "multiplier": "1.5"}]
    points_threshold: Mapped[int] = mapped_column(default=20)
    point_value: Mapped[Decimal] = mapped_column(MONEY)
    bands: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"from": 21, "to": 100, "multiplier": "1.0"}]
    cap_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(6, 2))
    warning_points: Mapped[int | None] = mapped_column()
    default_points: Mapped[int | None] = mapped_column()
    rolling_months: Mapped[int] = mapped_column(default=6)
    submission_deadline_days: Mapped[int] = mapped_column(default=10)  # days after month end
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    @property
    def monthly_unitary_charge(self) -> Decimal:
        return money(Decimal(self.annual_unitary_charge) / 12)

    def audit_summary(self) -> str:
        return f"Payment terms from {self.effective_from.isoformat()}"


class FunctionalArea(Audited, db.Model):
    __tablename__ = "perf_areas"
    __audit_label__ = "functional area"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    weighting: Mapped[Decimal] = mapped_column(RATE)
    operating_hours: Mapped[str] = mapped_column(sa.String(120), default="24 hours, every day")
    rectification_hours: Mapped[Decimal] = mapped_column(RATE, default=Decimal("2"))
    deduction_period_hours: Mapped[Decimal] = mapped_column(RATE, default=Decimal("1"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def audit_summary(self) -> str:
        return self.name


class Kpi(Audited, db.Model):
    __tablename__ = "perf_kpis"
    __table_args__ = (sa.UniqueConstraint("contract_id", "code", name="uq_perf_kpis_contract_code"),)
    __audit_label__ = "KPI"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    unit: Mapped[str] = mapped_column(sa.String(40), default="%")
    target: Mapped[Decimal] = mapped_column(RATE)
    direction: Mapped[str] = mapped_column(sa.String(8), default="higher")
    measurement_method: Mapped[str] = mapped_column(sa.Text, default="")
    evidence_expected: Mapped[str] = mapped_column(sa.Text, default="")
    frequency: Mapped[str] = mapped_column(sa.String(20), default="monthly")
    category: Mapped[str] = mapped_column(sa.String(20), default="service_quality")
    objective: Mapped[str] = mapped_column(sa.String(300), default="")
    failure_points: Mapped[int] = mapped_column(default=0)
    # An official decides which KPIs the public sees; `visibility` follows `public`.
    public: Mapped[bool] = mapped_column(default=False)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def direction_label(self) -> str:
        return DIRECTIONS.get(self.direction, self.direction)

    def audit_summary(self) -> str:
        return f"{self.code} {self.name}"


class Submission(Audited, db.Model):
    """The operator's monthly submission for one reporting period (the month)."""

    __tablename__ = "perf_submissions"
    __table_args__ = (sa.UniqueConstraint("contract_id", "month", name="uq_perf_submissions_contract_month"),)
    __audit_label__ = "performance submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    month: Mapped[date]  # first day of the month
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    due_on: Mapped[date]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    late: Mapped[bool] = mapped_column(default=False)
    late_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resubmissions: Mapped[int] = mapped_column(default=0)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    countersigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    countersigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    countersigned_by = relationship("User", foreign_keys=[countersigned_by_id])
    measurements: Mapped[list[Measurement]] = relationship(back_populates="submission", order_by="Measurement.id")
    events: Mapped[list[FailureEvent]] = relationship(back_populates="submission",
                                                       order_by="FailureEvent.reported_at")
    evidence: Mapped[list[EvidenceFile]] = relationship(back_populates="submission", order_by="EvidenceFile.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        return self.month.strftime("%B %Y")

    @property
    def key(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def status_label(self) -> str:
        return SUBMISSION_STATUSES.get(self.status, self.status)

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "base")

    @property
    def is_draft(self) -> bool:
        """The operator fills it in: values, failure events, evidence; then submits it."""
        return self.status == "draft"

    @property
    def awaiting_answers(self) -> bool:
        """Some lines were queried: the operator answers them and resubmits."""
        return self.status == "queried"

    @property
    def with_reviewers(self) -> bool:
        """Submitted (or resubmitted) and not yet fully decided."""
        return self.status == "submitted"

    @property
    def open_for_evidence(self) -> bool:
        return self.status in OPEN_FOR_EVIDENCE

    @property
    def in_review(self) -> bool:
        """Its lines can be decided (also changed again before approval)."""
        return self.status in IN_REVIEW

    @property
    def ready_for_approval(self) -> bool:
        """Every line is settled; the public manager approves the payment statement."""
        return self.status == "accepted"

    @property
    def awaiting_countersignature(self) -> bool:
        return self.status == "approved"

    @property
    def settled(self) -> bool:
        """Approved or countersigned: only a recorded correction changes it now."""
        return self.status in SETTLED_STATUSES

    def line_open(self, line) -> bool:
        """Whether the operator may still change this line: any line of a draft, or a queried line
        of a queried month."""
        return self.is_draft or (self.awaiting_answers and line.status == "queried")

    def audit_summary(self) -> str:
        return f"Submission for {self.label}: {self.status_label}"


class _Line:
    """Shared by measurements and failure events: one reviewable line of a submission."""

    @property
    def status_label(self) -> str:
        return LINE_STATUSES.get(self.status, self.status)

    @property
    def settled(self) -> bool:
        return self.status in SETTLED


class Measurement(_Line, Audited, db.Model):
    __tablename__ = "perf_measurements"
    __table_args__ = (sa.UniqueConstraint("submission_id", "kpi_id", name="uq_perf_measurements_submission_kpi"),)
    __audit_label__ = "KPI measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_submissions.id", ondelete="CASCADE"), index=True)
    kpi_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_kpis.id"))
    value: Mapped[Decimal | None] = mapped_column(RATE)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)

    submission: Mapped[Submission] = relationship(back_populates="measurements")
    kpi: Mapped[Kpi] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def met(self) -> bool | None:
        return kpi_met(self.value, self.kpi.target, self.kpi.direction)

    def audit_summary(self) -> str:
        return f"{self.kpi.code} for {self.submission.label}: {self.value}"


class FailureEvent(_Line, Audited, db.Model):
    __tablename__ = "perf_failure_events"
    __audit_label__ = "failure event"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_submissions.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(40), default="")
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("perf_areas.id"))
    kpi_id: Mapped[int | None] = mapped_column(sa.ForeignKey("perf_kpis.id"))
    criterion: Mapped[str] = mapped_column(sa.String(120))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rectified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used: Mapped[bool] = mapped_column(default=False)
    excuse_claimed: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    version: Mapped[int] = mapped_column(default=1)

    submission: Mapped[Submission] = relationship(back_populates="events")
    area: Mapped[FunctionalArea | None] = relationship(lazy="joined")
    kpi: Mapped[Kpi | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def where(self) -> str:
        return self.area.name if self.area else (f"{self.kpi.code} {self.kpi.name}" if self.kpi else "")

    def audit_summary(self) -> str:
        return f"{self.reference or 'Event'}: {self.criterion} in {self.where}"


class EvidenceFile(Audited, db.Model):
    __tablename__ = "perf_evidence"
    __audit_label__ = "evidence file"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_submissions.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(sa.String(64))
    original_name: Mapped[str] = mapped_column(sa.String(160))
    size: Mapped[int] = mapped_column()
    content_type: Mapped[str] = mapped_column(sa.String(100))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    description: Mapped[str] = mapped_column(sa.String(300), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")

    submission: Mapped[Submission] = relationship(back_populates="evidence")
    uploaded_by = relationship("User")

    def audit_summary(self) -> str:
        return f"{self.original_name} (SHA-256 {self.sha256[:12]}…)"


class ReviewDecision(Audited, db.Model):
    """History of every decision and answer on a line (never edited, only added)."""

    __tablename__ = "perf_review_decisions"
    __audit_label__ = "review decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_submissions.id", ondelete="CASCADE"), index=True)
    line_type: Mapped[str] = mapped_column(sa.String(12))  # measurement | event | submission
    line_id: Mapped[int | None] = mapped_column()
    decision: Mapped[str] = mapped_column(sa.String(16))  # accept query reject excuse waive answer submit ...
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")

    actor = relationship("User")

    def audit_summary(self) -> str:
        return f"{self.decision} on {self.line_type} {self.line_id or ''}".strip()


class PaymentStatement(Audited, db.Model):
    """The frozen calculation of a month: written at approval, final at countersignature.

    A recorded correction never changes a statement: it marks it superseded and writes the next
    revision, so every version ever approved stays readable."""

    __tablename__ = "perf_statements"
    __table_args__ = (sa.UniqueConstraint("submission_id", "revision", name="uq_perf_statements_submission_revision"),)
    __audit_label__ = "payment statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_submissions.id", ondelete="CASCADE"),
                                               index=True)
    revision: Mapped[int] = mapped_column(default=1)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    correction_reason: Mapped[str] = mapped_column(sa.Text, default="")
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    month: Mapped[date]
    data: Mapped[dict] = mapped_column(sa.JSON)
    net_payment: Mapped[Decimal] = mapped_column(MONEY)
    total_deduction: Mapped[Decimal] = mapped_column(MONEY)
    frozen: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")

    submission: Mapped[Submission] = relationship()
    corrected_by = relationship("User")

    @property
    def superseded(self) -> bool:
        return self.superseded_at is not None

    def audit_summary(self) -> str:
        state = ", superseded" if self.superseded_at else ""
        return f"Statement {self.month.strftime('%Y-%m')} revision {self.revision}: net {self.net_payment}{state}"
