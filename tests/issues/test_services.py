"""The rules of issues: targets by priority on the working-day clock, the workflow, the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal import clock, signals
from portal.extensions import db
from portal.issues import services
from portal.issues.models import IssueWatch
from portal.notifications.models import Notification
from tests.issues.helpers import make_issue


def test_references_are_numbered_per_contract(world):
    first = make_issue(world.contract_a, world["public_officer"])
    second = make_issue(world.contract_a, world["community_rep"])
    other = make_issue(world.contract_b, world["operator_b"])
    assert (first.reference, second.reference) == ("AAA-ISS-0001", "AAA-ISS-0002")
    assert other.reference == "BBB-ISS-0001"


def test_urgent_targets_count_hours_then_working_days(world):
    # Friday 20 Nov 2026, 15:00 Dublin: respond in 4 hours, resolve in 2 working days.
    friday = datetime(2026, 11, 20, 15, tzinfo=UTC)
    issue = make_issue(world.contract_a, world["public_officer"], priority="urgent", at=friday)
    assert issue.respond_due_at == friday + timedelta(hours=4)
    # Receipt day Friday (before 17:00), + 2 working days = Tuesday 24 Nov, end of day local.
    assert issue.resolve_due_at == datetime(2026, 11, 24, 23, 59, 59, tzinfo=UTC)


def test_working_day_targets_skip_the_contracts_holidays(world):
    # 23 Dec 2026 (Wed) + 3 working days, with 25 and 28 Dec holidays: 24, 29, 30 -> 30 Dec.
    at = datetime(2026, 12, 23, 10, tzinfo=UTC)
    issue = make_issue(world.contract_a, world["public_officer"], priority="medium", at=at)
    assert issue.respond_due_at.date().isoformat() == "2026-12-30"


def test_contract_targets_replace_the_defaults(world):
    targets = {p: {"respond": 2, "respond_unit": "working_days", "resolve": 10, "resolve_unit": "working_days"}
               for p in ("urgent", "high", "medium", "low")}
    targets["urgent"] = {"respond": 1, "respond_unit": "hours", "resolve": 8, "resolve_unit": "hours"}
    services.save_settings(world.contract_a, targets, ["Lighting", "Lifts", "lighting"])
    at = datetime(2026, 11, 16, 9, tzinfo=UTC)
    issue = make_issue(world.contract_a, world["public_officer"], priority="urgent", category="Lighting", at=at)
    assert issue.resolve_due_at == at + timedelta(hours=8)
    assert services.categories_of(world.contract_a) == ["Lighting", "Lifts"]


def test_settings_refuse_a_resolution_shorter_than_the_response(world):
    targets = {p: {"respond": 5, "respond_unit": "working_days", "resolve": 2, "resolve_unit": "hours"}
               for p in ("urgent", "high", "medium", "low")}
    with pytest.raises(services.IssueError) as error:
        services.save_settings(world.contract_a, targets, ["Other"])
    assert error.value.field == "urgent_resolve"


def test_a_new_priority_recomputes_targets_from_when_it_was_raised(world):
    issue = make_issue(world.contract_a, world["public_officer"], priority="low")
    data = services.IssueInput(issue.title, issue.description, issue.category, "urgent", issue.visibility,
                               issue.routed_to)
    services.edit_issue(issue, world["public_officer"], data)
    assert issue.respond_due_at == issue.raised_at + timedelta(hours=4)
    assert issue.events[-1].body.startswith("Priority low → urgent")


def test_workflow_and_reopening_with_a_reason(world):
    issue = make_issue(world.contract_a, world["community_rep"])
    staff = world["operator_staff"]
    services.change_status(issue, staff, "in_progress")
    assert issue.responded_at is not None  # the routed party answered
    services.change_status(issue, staff, "resolved")
    assert issue.resolved_at is not None
    with pytest.raises(services.IssueError, match="Say why"):
        services.change_status(issue, world["community_rep"], "open")
    services.change_status(issue, world["community_rep"], "open", "The lights went out again last night.")
    assert (issue.status, issue.reopened_count, issue.resolved_at) == ("open", 1, None)
    with pytest.raises(services.IssueError, match="cannot become closed"):
        services.change_status(issue, world["public_manager"], "closed")
    kinds = [e.kind for e in issue.events]
    assert kinds == ["raised", "status", "status", "reopened"]


def test_a_comment_by_the_raiser_does_not_stop_the_response_clock(world):
    issue = make_issue(world.contract_a, world["community_rep"])
    services.add_comment(issue, world["community_rep"], "Still dark tonight.")
    assert issue.responded_at is None
    services.add_comment(issue, world["operator_staff"], "Crew booked for tomorrow.")
    assert issue.responded_at is not None


def test_overdue_when_a_target_passes(world):
    raised = clock.now() - timedelta(days=30)
    issue = make_issue(world.contract_a, world["public_officer"], priority="high", at=raised)
    assert issue.response_overdue() and issue.resolution_overdue() and issue.is_overdue()
    services.change_status(issue, world["operator_manager"], "resolved")
    assert not issue.is_overdue()


def test_mentions_and_watchers_are_told(world):
    issue = make_issue(world.contract_a, world["community_rep"])
    services.add_comment(issue, world["operator_staff"], "@Public Manager please look at the photo.")
    notes = db.session.execute(sa.select(Notification.user_id, Notification.title)).all()
    assert (world["public_manager"].id, f"Operator Staff mentioned you on {issue.reference}") in notes
    assert (world["community_rep"].id, f"New comment on {issue.reference}") in notes  # the raiser watches


def test_the_assignee_must_be_able_to_work_on_it(world):
    issue = make_issue(world.contract_a, world["public_officer"])
    with pytest.raises(services.IssueError):
        services.assign(issue, world["public_officer"], world["community_rep"])
    services.assign(issue, world["public_officer"], world["operator_staff"])
    assert issue.assignee_id == world["operator_staff"].id
    assert services.is_watching(issue, world["operator_staff"])


def test_watch_and_unwatch(world):
    issue = make_issue(world.contract_a, world["public_officer"])
    services.watch(issue, world["reviewer"])
    services.watch(issue, world["reviewer"])
    count = db.session.scalar(sa.select(sa.func.count(IssueWatch.id)).where(IssueWatch.user_id == world["reviewer"].id))
    assert count == 1
    services.unwatch(issue, world["reviewer"])
    assert not services.is_watching(issue, world["reviewer"])


def test_escalation_is_noted_on_the_timeline(world):
    issue = make_issue(world.contract_a, world["public_officer"])
    signals.record_taken_up.send(world.contract_a, source_kind="issue", source_id=issue.id, target_kind="dispute",
                                 target_id=7, target_reference="AAA-DSP-001", target_public=False,
                                 user=world["public_manager"])
    assert issue.dispute_reference == "AAA-DSP-001"
    assert issue.events[-1].kind == "escalated" and "AAA-DSP-001" not in issue.events[-1].body
    # another contract's signal never touches it
    signals.record_taken_up.send(world.contract_b, source_kind="issue", source_id=issue.id, target_kind="dispute",
                                 target_id=8, target_reference="BBB-DSP-001", target_public=False, user=None)
    assert issue.dispute_reference == "AAA-DSP-001"
