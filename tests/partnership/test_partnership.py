"""Stakeholders, the map, the engagement log, and the health check's anonymity and figures."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from portal.actions.models import Action
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.partnership import figures, services
from portal.partnership.models import HealthCheckAnswer, HealthCheckParticipation, quadrant
from tests.partnership.helpers import extra_members, make_stakeholder, open_round, scores


def test_quadrants():
    assert quadrant(5, 5) == "manage_closely" and quadrant(1, 5) == "keep_satisfied"
    assert quadrant(5, 1) == "keep_informed" and quadrant(2, 2) == "monitor"


def test_the_map_places_every_stakeholder_and_spreads_shared_cells(world):
    a = make_stakeholder(world, "A", 4, 4)
    b = make_stakeholder(world, "B", 4, 4)
    c = make_stakeholder(world, "C", 1, 1)
    chart = figures.power_interest_map([a, b, c])
    dots = {d.stakeholder.name: (d.x, d.y) for d in chart["dots"]}
    assert dots["A"] != dots["B"] and dots["C"][0] < dots["A"][0] and dots["C"][1] > dots["A"][1]


def test_the_register_page_draws_svg_without_style_attributes(world, login):
    make_stakeholder(world, "Harbour Road Residents", 5, 2)
    page = login(world["public_officer"]).get("/contracts/AAA/stakeholders")
    assert page.status_code == 200 and b"<svg" in page.data and b'role="img"' in page.data
    assert b"style=" not in page.data.split(b"<svg", 1)[1].split(b"</svg>", 1)[0]
    assert b"Keep informed" in page.data


def test_names_are_unique_and_scores_in_range(world):
    make_stakeholder(world, "Residents")
    with pytest.raises(services.PartnershipError):
        make_stakeholder(world, "residents")
    with pytest.raises(services.PartnershipError) as error:
        make_stakeholder(world, "Other", interest=6)
    assert error.value.field == "interest"


def test_a_contact_with_a_follow_up_goes_on_the_action_list(world):
    stakeholder = make_stakeholder(world)
    engagement = services.log_engagement(stakeholder, services.EngagementData(
        occurred_on=services.local_today(world.contract_a), channel="meeting", summary="Talked about deliveries.",
        follow_up="Send the delivery timetable"), world["public_officer"])
    action = db.session.get(Action, engagement.action_id)
    assert (action.title, action.source_kind, action.visibility) == ("Send the delivery timetable", "stakeholder", "government")


def _answer(rnd, users, value):
    for user in users:
        services.answer(rnd, user, scores(value), f"comment {user.name}")


def test_aggregates_need_a_closed_round_and_three_answers_per_side(world):
    rnd = open_round(world)
    gov = [world["public_manager"], world["public_officer"], *extra_members(world, "government", 1)]
    ops = [world["operator_manager"], world["operator_staff"]]
    _answer(rnd, gov, 4)
    _answer(rnd, ops, 2)
    result = figures.round_result(rnd)
    assert not result.sides["government"].shown and result.sides["government"].answers == 3  # still open
    services.close_round(rnd)
    result = figures.round_result(rnd)
    assert result.sides["government"].shown and result.sides["government"].overall == 4
    assert not result.sides["operator"].shown and result.sides["operator"].scores == {}
    assert result.sides["operator"].comments == [] and result.gaps == {}


def test_the_gap_and_suggestions(world):
    rnd = open_round(world)
    _answer(rnd, [world["public_manager"], world["public_officer"], *extra_members(world, "government", 1)], 4)
    _answer(rnd, [world["operator_manager"], world["operator_staff"], *extra_members(world, "operator", 1)], 2)
    services.close_round(rnd)
    result = figures.round_result(rnd)
    assert result.overall_gap == 2 and result.gaps["trust"] == 2
    assert dict(result.suggestions)["trust"] == "Trust: operator rates it 2.0 and the sides are 2.0 apart."


def test_nobody_answers_twice_and_only_the_two_sides_answer(world):
    rnd = open_round(world)
    services.answer(rnd, world["public_officer"], scores(3))
    with pytest.raises(services.PartnershipError):
        services.answer(rnd, world["public_officer"], scores(3))
    with pytest.raises(services.PartnershipError):
        services.answer(rnd, world["community_rep"], scores(3))
    with pytest.raises(services.PartnershipError):
        services.answer(rnd, world["reviewer"], scores(3))


def test_answers_name_nobody_and_leave_no_audit_event(world, login):
    rnd = open_round(world)
    db.session.commit()
    last_event = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0
    form = {d: "2" for d in ("trust", "communication", "responsiveness", "collaboration", "disagreements")}
    response = login(world["operator_staff"]).post(f"/contracts/AAA/health/{rnd.id}/answer",
                                                    data=form | {"comment": "Slow approvals"})
    assert response.status_code == 303
    new_events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id > last_event)).all()
    assert new_events == []  # no event names the answerer, none holds the scores or the comment
    answer = db.session.scalar(sa.select(HealthCheckAnswer).where(HealthCheckAnswer.round_id == rnd.id))
    assert {c.name for c in HealthCheckAnswer.__table__.columns} == {
        "id", "round_id", "side", "trust", "communication", "responsiveness", "collaboration", "disagreements",
        "comment"}  # no person, no time
    assert answer.side == "operator" and len(answer.id) == 32
    assert db.session.scalar(sa.select(HealthCheckParticipation.user_id)) == world["operator_staff"].id


def test_closing_rewrites_answers_under_new_ids(world):
    rnd = open_round(world)
    _answer(rnd, [world["public_manager"], world["public_officer"]], 3)
    before = set(db.session.scalars(sa.select(HealthCheckAnswer.id)))
    services.close_round(rnd)
    after = set(db.session.scalars(sa.select(HealthCheckAnswer.id)))
    assert len(after) == 2 and not before & after


def test_results_page_export_and_release(world, login):
    rnd = open_round(world)
    _answer(rnd, [world["public_manager"], world["public_officer"], *extra_members(world, "government", 1)], 4)
    _answer(rnd, [world["operator_manager"], world["operator_staff"]], 2)
    services.close_round(rnd)
    db.session.commit()
    client = login(world["reviewer"])
    page = client.get(f"/contracts/AAA/health/{rnd.id}")
    assert b"Not enough answers" in page.data and b"comment Operator" not in page.data
    assert b"comment Public Manager" in page.data
    rows = list(csv.reader(io.StringIO(client.get("/contracts/AAA/health.csv").data.decode())))
    assert rows[1][:3] == ["2026 Q4", "Public authority", "3"] and rows[2][2:4] == ["2", ""]
    assert not any("comment" in cell for row in rows for cell in row)
    assert login(world["public_manager"]).post(f"/contracts/AAA/health/{rnd.id}/release").status_code == 303
    assert [r.round.label for r in figures.trend(world.contract_a, released_only=True)] == ["2026 Q4"]


def test_answer_form_422(world, login):
    rnd = open_round(world)
    db.session.commit()
    response = login(world["public_officer"]).post(f"/contracts/AAA/health/{rnd.id}/answer", data={"trust": "4"})
    assert response.status_code == 422 and b"Rate this from 1 to 5." in response.data


def test_member_overview_tiles(world, login):
    from tests.actions.helpers import make_action
    from tests.meetings.helpers import make_meeting

    make_meeting(world, title="Next quarterly review")
    make_action(world, days=-4, title="An overdue action")
    page = login(world["public_manager"]).get("/contracts/AAA")
    for text in (b"Next meetings", b"Next quarterly review", b"An overdue action", b"Partnership health"):
        assert text in page.data
    rep = login(world["community_rep"]).get("/contracts/AAA")
    assert b"Next quarterly review" not in rep.data and b"Partnership health" not in rep.data
