"""Where a payment-terms version came from: the variations that set its charge. Read by the
statement, so a month's statement says which variation changed the figures it charges."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.audit.models import Audited
from portal.db import UTCDateTime, utcnow
from portal.extensions import db
from portal.performance.models import PaymentTerms


class TermsSource(Audited, db.Model):
    """A variation (by reference, from the changes feature) that wrote or adjusted a terms version."""

    __tablename__ = "perf_terms_sources"
    __audit_label__ = "payment terms source"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    terms_id: Mapped[int] = mapped_column(sa.ForeignKey("perf_payment_terms.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    monthly_change: Mapped[str] = mapped_column(sa.String(40), default="")  # decimal string, signed
    visibility: Mapped[str] = mapped_column(sa.String(12), default="partners")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_summary(self) -> str:
        return f"{self.reference} changed the monthly charge by {self.monthly_change}"


def sources_of(terms: PaymentTerms | None) -> list[TermsSource]:
    if terms is None or terms.id is None:
        return []
    return list(db.session.scalars(sa.select(TermsSource).where(TermsSource.terms_id == terms.id)
                                   .order_by(TermsSource.id)))


def statement_sources(terms: PaymentTerms | None) -> list[dict]:
    """The variations behind the terms a statement charges, as plain data to freeze with it."""
    return [{"reference": s.reference, "title": s.title, "url": s.url, "monthly_change": s.monthly_change}
            for s in sources_of(terms)]
