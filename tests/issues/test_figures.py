"""Issue figures for the overview and the reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from portal.issues import services
from portal.issues.figures import issue_figures
from tests.issues.helpers import make_issue

NOW = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)


def test_opened_closed_median_and_overdue_by_priority(world):
    a = make_issue(world.contract_a, world["public_officer"], priority="urgent", at=datetime(2026, 10, 5, 9, tzinfo=UTC))
    services.change_status(a, world["operator_manager"], "resolved", at=a.raised_at + timedelta(days=2))
    b = make_issue(world.contract_a, world["public_officer"], priority="low", at=datetime(2026, 10, 6, 9, tzinfo=UTC))
    services.change_status(b, world["operator_manager"], "resolved", at=b.raised_at + timedelta(days=5))
    c = make_issue(world.contract_a, world["public_officer"], priority="high", at=datetime(2026, 10, 20, 9, tzinfo=UTC))
    make_issue(world.contract_a, world["public_officer"], priority="low", at=datetime(2026, 11, 17, 9, tzinfo=UTC))
    make_issue(world.contract_b, world["operator_b"], priority="urgent", at=datetime(2026, 10, 5, 9, tzinfo=UTC))
    result = issue_figures(world.contract_a, date(2026, 10, 1), date(2026, 10, 31), now=NOW)
    assert (result["opened"], result["closed"]) == (3, 2)
    assert result["median_days_to_close"] == Decimal("3.5")
    assert result["overdue_by_priority"] == {"urgent": 0, "high": 1, "medium": 0, "low": 0}
    assert result["open"] == 2 and c.is_overdue(NOW)
