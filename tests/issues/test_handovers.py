"""The hand-overs: feedback becomes an issue (linked both ways), a resolved service failure lands as a
failure event in that month's performance submission."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from portal import signals
from portal.extensions import db
from portal.issues import services
from portal.performance.models import FailureEvent, Submission
from tests.feedback.helpers import make_feedback
from tests.issues.helpers import make_issue
from tests.performance.helpers import framework

REPORTED = datetime(2026, 10, 30, 21, 0, tzinfo=UTC)
RECTIFIED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_feedback_becomes_an_issue_linked_both_ways(world, login):
    feedback, token = make_feedback(world.contract_a)
    client = login(world["public_officer"])
    page = client.get(f"/contracts/AAA/issues/new?link=feedback:{feedback.id}")
    assert page.status_code == 200 and feedback.reference in page.text
    response = client.post("/contracts/AAA/issues/new", data={
        "title": "Car park barrier broken at gate B", "description": "From feedback.", "category": "Other",
        "priority": "high", "routed_to": "operator", "visibility": "partners", "link": f"feedback:{feedback.id}"})
    assert response.status_code == 303
    issue = services.find_by_reference(world.contract_a, "AAA-ISS-0001")
    assert [(link.kind, link.ref_id) for link in issue.links] == [("feedback", feedback.id)]
    assert feedback.issue_id == issue.id
    # The submitter's tracking page says an issue was opened, without naming a non-public one.
    track = login(None).get(f"/feedback/track/{token}")
    assert "An issue was opened for the parties to work on." in track.text
    assert issue.reference not in track.text


def test_an_issue_cannot_start_from_feedback_the_raiser_cannot_read(world, login):
    feedback, _token = make_feedback(world.contract_a)  # partners: not for community reps
    client = login(world["community_rep"])
    page = client.get(f"/contracts/AAA/issues/new?link=feedback:{feedback.id}")
    assert page.status_code == 200 and feedback.reference not in page.text


def test_unregistered_link_kinds_are_ignored(world, login):
    page = login(world["public_officer"]).get("/contracts/AAA/issues/new?link=feedback:1")
    assert page.status_code == 200 and "Starts from" not in page.text


def test_a_resolved_service_failure_becomes_a_failure_event(world):
    area, _kpis = framework(world.contract_a)
    issue = make_issue(world.contract_a, world["public_officer"], title="Ward 3 lighting failed")
    services.mark_service_failure(issue, world["public_officer"], area.id, "lighting", REPORTED, RECTIFIED)
    assert db.session.scalar(sa.select(sa.func.count(FailureEvent.id))) == 0  # not before it is resolved
    services.change_status(issue, world["operator_manager"], "resolved")
    event = db.session.scalar(sa.select(FailureEvent))
    submission = db.session.get(Submission, event.submission_id)
    assert (event.reference, event.criterion, event.area_id) == (issue.reference, "lighting", area.id)
    assert (event.reported_at, event.rectified_at, event.status) == (REPORTED, RECTIFIED, "pending")
    assert submission.month.isoformat() == "2026-10-01"  # the month it was reported in (Dublin time)
    assert issue.failure_handed_over_at is not None and issue.events[-1].kind == "handed_over"
    # reopening and resolving again does not hand it over twice
    services.change_status(issue, world["public_officer"], "open", "Failed again overnight.")
    services.change_status(issue, world["operator_manager"], "resolved")
    assert db.session.scalar(sa.select(sa.func.count(FailureEvent.id))) == 1


def test_an_unrectified_failure_is_rectified_when_resolved(world):
    area, _kpis = framework(world.contract_a)
    issue = make_issue(world.contract_a, world["public_officer"])
    services.mark_service_failure(issue, world["public_officer"], area.id, "lighting", REPORTED, None)
    services.change_status(issue, world["operator_manager"], "resolved")
    event = db.session.scalar(sa.select(FailureEvent))
    assert event.rectified_at == issue.resolved_at


@pytest.mark.parametrize("routed_to, area_ok, reported, rectified, field", [
    ("government", True, REPORTED, None, None),
    ("operator", False, REPORTED, None, "area"),
    ("operator", True, datetime(2030, 1, 1, tzinfo=UTC), None, "reported_at"),
    ("operator", True, REPORTED, datetime(2026, 10, 1, tzinfo=UTC), "rectified_at"),
])
def test_service_failure_rules(world, routed_to, area_ok, reported, rectified, field):
    area, _kpis = framework(world.contract_a)
    issue = make_issue(world.contract_a, world["public_officer"], routed_to=routed_to)
    with pytest.raises(services.IssueError) as error:
        services.mark_service_failure(issue, world["public_officer"], area.id if area_ok else 999999, "lighting",
                                      reported, rectified)
    assert error.value.field == field


def test_another_contracts_area_is_refused(world):
    area, _kpis = framework(world.contract_b)
    issue = make_issue(world.contract_a, world["public_officer"])
    with pytest.raises(services.IssueError):
        services.mark_service_failure(issue, world["public_officer"], area.id, "lighting", REPORTED, None)


def test_the_failure_form_through_the_pages(world, login):
    area, _kpis = framework(world.contract_a)
    issue = make_issue(world.contract_a, world["public_officer"])
    client = login(world["operator_manager"])
    url = f"/contracts/AAA/issues/{issue.reference}"
    assert "Ward 3" in client.get(url).text
    response = client.post(url + "/service-failure", data={
        "area": area.id, "criterion": "lighting", "reported_at": "2026-10-30T21:00", "rectified_at": "",
        "version": issue.version})
    assert response.status_code == 303
    assert issue.is_service_failure and issue.failure_reported_at == REPORTED  # Dublin was UTC+0 then
    bad = client.post(url + "/service-failure", data={"area": area.id, "criterion": "", "reported_at": "",
                                                      "version": issue.version})
    assert bad.status_code == 422


def test_without_a_performance_receiver_nothing_is_claimed_as_handed_over(world):
    area, _kpis = framework(world.contract_a)
    issue = make_issue(world.contract_a, world["public_officer"])
    services.mark_service_failure(issue, world["public_officer"], area.id, "lighting", REPORTED, None)
    with signals.service_failure_resolved.muted():  # as if no feature recorded failure events
        services.change_status(issue, world["operator_manager"], "resolved")
    assert issue.failure_handed_over_at is None and issue.events[-1].kind == "status"


def test_a_failure_in_a_settled_month_is_refused_with_the_reason(world):
    from tests.performance.helpers import advance, submission

    month = submission(world.contract_a)  # October 2026, the month REPORTED falls in
    advance(world, month, "approved")
    area, lines = month.events[0].area, len(month.events)
    issue = make_issue(world.contract_a, world["public_officer"])
    services.mark_service_failure(issue, world["public_officer"], area.id, "lighting", REPORTED, RECTIFIED)
    with pytest.raises(services.IssueError, match="already settled"):
        services.change_status(issue, world["operator_manager"], "resolved")
    assert len(month.events) == lines and issue.failure_handed_over_at is None
