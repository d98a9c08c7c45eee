"""Builders for dispute tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.disputes import services


def make_dispute(contract, user, *, at=None, amount_minor=1_250_000, issue_id=None, month=None, reference=""):
    data = services.DisputeInput(clause="Schedule 18, clause 4.2", subject="Deductions for lift availability",
                                 description="The operator disputes the deduction.", amount_minor=amount_minor,
                                 disputed_month=month, disputed_reference=reference)
    return services.raise_dispute(contract, user, data, issue_id=issue_id,
                                  at=at or datetime(2026, 11, 2, 10, tzinfo=UTC))


SEPT = date(2026, 9, 1)
