"""The ladder: its order, its deadlines on the working-day clock, and the outcome."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.disputes import figures, services
from portal.disputes.models import DEFAULT_LADDER
from tests.disputes.helpers import SEPT, make_dispute
from tests.issues.helpers import make_issue


def test_a_dispute_starts_at_the_first_stage_with_its_deadline(world):
    # Monday 2 Nov 2026 10:00 Dublin + 10 working days = Monday 16 Nov, end of day.
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    assert (dispute.reference, dispute.raised_by_party, dispute.stage) == ("AAA-DSP-001", "operator", "notice")
    assert dispute.stage_due_at == datetime(2026, 11, 16, 23, 59, 59, tzinfo=UTC)
    assert dispute.currency == "EUR" and dispute.amount_minor == 1_250_000


def test_moving_one_stage_sets_its_deadline_over_holidays(world):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)  # + 20 working days, skipping 25 and 28 Dec
    row = services.advance(dispute, world["public_manager"], "negotiation", "No agreement at notice.", at=at)
    assert row.due_at == datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert dispute.stages[0].ended_at == at and dispute.stage_label == "Negotiation"


def test_skipping_and_going_back_are_refused_with_the_reason(world):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    with pytest.raises(services.DisputeError, match="cannot be skipped: after Notice of dispute comes Negotiation"):
        services.advance(dispute, world["public_manager"], "expert")
    services.advance(dispute, world["public_manager"], "negotiation")
    with pytest.raises(services.DisputeError, match="does not go back"):
        services.advance(dispute, world["public_manager"], "notice")
    with pytest.raises(services.DisputeError, match="already in Negotiation"):
        services.advance(dispute, world["public_manager"], "negotiation")


def test_the_ladder_is_configured_per_contract(world):
    ladder = services.parse_ladder("Notice of dispute: 5\nJoint review board: 15\nArbitration: 90")
    assert ladder[1] == {"stage": "joint_review_board", "label": "Joint review board", "days": 15}
    services.save_ladder(world.contract_a, ladder)
    dispute = make_dispute(world.contract_a, world["public_manager"])
    assert dispute.stage_due_at.date() == date(2026, 11, 9)  # 5 working days
    services.advance(dispute, world["operator_manager"], "joint_review_board")
    assert services.ladder_of(world.contract_b) == DEFAULT_LADDER


@pytest.mark.parametrize("text, message", [
    ("", "at least one stage"), ("Notice", "Stage name: working days"), ("Notice: 0", "from 1 to 730"),
    ("Notice: 5\nnotice of dispute: 6", "already on the ladder"),
])
def test_bad_ladders_are_refused(text, message):
    with pytest.raises(services.DisputeError, match=message):
        services.parse_ladder(text)


def test_a_stage_in_use_stays_on_the_ladder(world):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    services.advance(dispute, world["public_manager"], "negotiation")
    with pytest.raises(services.DisputeError, match="Negotiation"):
        services.save_ladder(world.contract_a, services.parse_ladder("Notice of dispute: 5\nMediation: 10"))


def test_outcomes_need_amounts_and_reasons(world):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    with pytest.raises(services.DisputeError, match="amount"):
        services.close(dispute, world["public_manager"], "settled", None, "Agreed.")
    with pytest.raises(services.DisputeError, match="reasons"):
        services.close(dispute, world["public_manager"], "settled", 500_000, " ")
    services.close(dispute, world["public_manager"], "settled", 500_000, "Split the difference.")
    assert (dispute.status, dispute.outcome, dispute.outcome_amount_minor) == ("closed", "settled", 500_000)
    with pytest.raises(services.DisputeError):
        services.advance(dispute, world["public_manager"], "negotiation")
    withdrawn = make_dispute(world.contract_a, world["operator_manager"])
    services.close(withdrawn, world["public_manager"], "withdrawn", 123, "The operator withdrew its notice.")
    assert withdrawn.outcome_amount_minor is None


def test_only_closed_outcomes_are_published(world):
    dispute = make_dispute(world.contract_a, world["operator_manager"])
    with pytest.raises(services.DisputeError):
        services.publish_outcome(dispute, True)
    services.close(dispute, world["public_manager"], "determined", 0, "The expert found no breach.")
    services.publish_outcome(dispute, True)
    public = figures.public_figures(world.contract_a)
    assert public["outcomes"][0]["outcome"] == "Determined" and public["open"] == 0


def test_escalating_an_issue_links_both_ways(world):
    issue = make_issue(world.contract_a, world["public_officer"])
    dispute = make_dispute(world.contract_a, world["operator_manager"], issue_id=issue.id)
    assert (dispute.issue_id, dispute.issue_reference) == (issue.id, issue.reference)
    assert (issue.dispute_id, issue.dispute_reference) == (dispute.id, dispute.reference)
    assert issue.events[-1].kind == "escalated"
    other = make_issue(world.contract_b, world["operator_b"])
    with pytest.raises(services.DisputeError):
        make_dispute(world.contract_a, world["operator_manager"], issue_id=other.id)


def test_a_disputed_deduction_keeps_the_month_and_reference(world):
    dispute = make_dispute(world.contract_a, world["operator_manager"], month=SEPT,
                           reference="Availability deduction, Ward 3 (event FE-0912)")
    assert dispute.disputed_month == SEPT and "FE-0912" in dispute.disputed_reference
    with pytest.raises(services.DisputeError):
        make_dispute(world.contract_a, world["operator_manager"], month=date(2026, 9, 2))


def test_only_the_parties_raise_disputes(world):
    with pytest.raises(services.DisputeError):
        make_dispute(world.contract_a, world["reviewer"])


def test_figures_by_stage_days_amounts_and_outcomes(world):
    first = make_dispute(world.contract_a, world["operator_manager"], at=datetime(2026, 10, 1, 9, tzinfo=UTC))
    second = make_dispute(world.contract_a, world["public_manager"], amount_minor=300_000)
    services.advance(second, world["operator_manager"], "negotiation", at=datetime(2026, 11, 10, 9, tzinfo=UTC))
    third = make_dispute(world.contract_a, world["operator_manager"], amount_minor=900_000)
    services.close(third, world["public_manager"], "settled", 450_000, "Agreed at notice stage.",
                   at=datetime(2026, 11, 12, 9, tzinfo=UTC))
    result = figures.dispute_figures(world.contract_a, date(2026, 1, 1), date(2026, 12, 31),
                                     now=datetime(2026, 11, 18, 10, 30, tzinfo=UTC))
    stages = {row["stage"]: row["count"] for row in result["by_stage"]}
    assert stages["notice"] == 1 and stages["negotiation"] == 1 and stages["arbitration"] == 0
    assert result["amount_in_dispute_minor"] == 1_250_000 + 300_000
    assert result["settled_minor"] == 450_000 and result["outcomes"]["settled"] == 1
    assert result["overdue"] == 1  # the first one's notice stage ended on 15 Oct
    days = {row["reference"]: row["days"] for row in result["days_in_stage"]}
    assert days[first.reference] == 48 and days[second.reference] == 8
