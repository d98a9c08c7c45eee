"""The working-day clocks of variation steps and contingency notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.changes import clock, events, variations
from portal.changes.models import DEFAULT_LIMITS
from tests.changes.helpers import PROPOSAL, proposed


def test_each_step_runs_on_the_contracts_working_days(world):
    # Friday 18 December 2026, 10:00 Dublin: 10 working days skip two weekends and the
    # contract's holidays (25 and 28 December), so the decision falls due on 5 January 2027.
    at = datetime(2026, 12, 18, 10, tzinfo=UTC)
    variation = variations.propose(world.contract_a, world["public_manager"], PROPOSAL, at=at)
    assert variation.step_due_at == datetime(2027, 1, 5, 23, 59, 59, tzinfo=UTC)
    # The operator then has 20 working days from the request.
    variations.request_estimate(variation, world["public_manager"], at=datetime(2027, 1, 4, 9, tzinfo=UTC))
    assert variation.status == "estimate_requested"
    assert variation.step_due_at.date().isoformat() == "2027-02-01"


def test_a_step_done_after_its_limit_is_marked_late_and_an_open_one_overdue(world):
    variation = proposed(world)
    late = variation.step_due_at + timedelta(days=1)
    assert variation.is_overdue(late)
    assert not variation.is_overdue(variation.step_due_at - timedelta(minutes=1))
    variations.request_estimate(variation, world["public_manager"], at=late)
    entry = variation.entries[-1]
    assert entry.late and entry.due_at is not None
    assert variation.entries[0].late is False  # the proposal itself had no limit


def test_contract_limits_replace_the_defaults(world):
    values = {**DEFAULT_LIMITS, "decide_days": 3}
    clock.save_settings(world.contract_a, values)
    at = datetime(2026, 11, 16, 9, tzinfo=UTC)  # a Monday
    variation = variations.propose(world.contract_a, world["public_manager"], PROPOSAL, at=at)
    assert variation.step_due_at.date().isoformat() == "2026-11-19"


def test_a_notice_after_the_notice_period_is_late(world):
    started = datetime(2026, 10, 1, 6, tzinfo=UTC)
    values = {"kind": "force_majeure", "title": "Flood", "description": "River burst its banks.",
              "services": "Ward 3", "started_at": started}
    on_time = events.notify(world.contract_a, world["operator_manager"], values,
                            at=datetime(2026, 10, 14, 9, tzinfo=UTC))
    late = events.notify(world.contract_a, world["operator_manager"], values,
                         at=datetime(2026, 10, 16, 9, tzinfo=UTC))
    assert on_time.notice_due_at.date().isoformat() == "2026-10-15"
    assert not on_time.late_notice and late.late_notice
    assert late.response_due_at.date().isoformat() == "2026-10-30"
    assert late.is_overdue(datetime(2026, 10, 31, tzinfo=UTC))
