"""Meeting rules: time zones and DST, scheduling and invitations, ICS, the lifecycle, outcomes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from portal import clock
from portal.actions.models import Action
from portal.extensions import db
from portal.meetings import ics, services
from tests.meetings.helpers import make_meeting


def test_a_time_that_does_not_exist_is_refused():
    with pytest.raises(services.MeetingError) as error:
        services.local_to_utc(date(2027, 3, 28), time(1, 30), "Europe/Dublin")
    assert "does not exist" in str(error.value) and error.value.field == "start_time"


def test_an_ambiguous_time_needs_a_choice_and_honours_it():
    with pytest.raises(services.MeetingError) as error:
        services.local_to_utc(date(2026, 10, 25), time(1, 30), "Europe/Dublin")
    assert "happens twice" in str(error.value) and error.value.field == "fold"
    first = services.local_to_utc(date(2026, 10, 25), time(1, 30), "Europe/Dublin", 0)
    second = services.local_to_utc(date(2026, 10, 25), time(1, 30), "Europe/Dublin", 1)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_an_ordinary_time_is_converted_in_the_contract_zone():
    assert services.local_to_utc(date(2026, 7, 1), time(10), "Europe/Dublin") == datetime(2026, 7, 1, 9, tzinfo=UTC)


def _data(world, **values):
    day = (clock.now() + timedelta(days=10)).date()
    data = dict(kind="contract_management", title="Quarterly review", day=day, start_time=time(10),
                duration_minutes=90, place="Board room", visibility="partners", chair_id=world["public_manager"].id,
                invitee_ids=[world["operator_manager"].id], guests="Jane Roe, Lenders' technical adviser")
    data.update(values)
    return services.MeetingData(**data)


def test_schedule_numbers_invites_and_sends_calendar_files(world, outbox):
    meeting = services.schedule(world.contract_a, _data(world), world["public_manager"])
    services.send_invitations(meeting)
    assert meeting.reference == "AAA-MTG-0001"
    names = sorted(a.display_name for a in meeting.attendees)
    assert names == ["Jane Roe", "Operator Manager", "Public Manager"]
    invitation = next(m for m in outbox if m["To"] == "operator_manager@example.org")
    parts = [p for p in invitation.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert parts and parts[0].get_param("method") == "REQUEST"
    event = Calendar.from_ical(parts[0].get_content()).walk("VEVENT")[0]
    assert str(event["uid"]) == ics.uid(meeting)


def test_visibility_follows_the_kind_and_invitees_must_see_the_meeting(world):
    with pytest.raises(services.MeetingError) as error:
        services.schedule(world.contract_a, _data(world, visibility="public"), world["public_manager"])
    assert error.value.field == "visibility"
    with pytest.raises(services.MeetingError) as error:
        services.schedule(world.contract_a, _data(world, invitee_ids=[world["community_rep"].id]),
                          world["public_manager"])
    assert error.value.field == "invitee_ids"
    with pytest.raises(services.MeetingError):
        services.schedule(world.contract_a, _data(world, day=(clock.now() - timedelta(days=2)).date()),
                          world["public_manager"])


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, calendar.walk("VEVENT")[0]


def test_ics_keeps_the_uid_and_raises_the_sequence_on_update_and_cancel(world):
    meeting = services.schedule(world.contract_a, _data(world), world["public_manager"])
    _cal, event = _event(ics.meeting_ics(meeting))
    uid = str(event["uid"])
    assert event["dtstart"].params["TZID"] == "Europe/Dublin"
    assert event["dtstart"].dt.hour == 10 and event["sequence"] == 0
    assert _cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/Dublin"
    moved = services.update(meeting, _data(world, start_time=time(14)), world["public_manager"])
    assert moved
    _cal, event = _event(ics.meeting_ics(meeting))
    assert str(event["uid"]) == uid and event["sequence"] == 1 and event["dtstart"].dt.hour == 14
    services.update(meeting, _data(world, start_time=time(14), title="Renamed"), world["public_manager"])
    assert _event(ics.meeting_ics(meeting))[1]["sequence"] == 1  # a new title moves nothing
    services.cancel(meeting, "The operator's team is at the lift supplier that day.")
    calendar, event = _event(ics.meeting_ics(meeting))
    assert str(event["uid"]) == uid and event["sequence"] == 2
    assert str(event["status"]) == "CANCELLED" and str(calendar["method"]) == "CANCEL"


def test_cancel_needs_a_reason(world):
    meeting = make_meeting(world)
    with pytest.raises(services.MeetingError):
        services.cancel(meeting, " ")


def test_a_meeting_is_held_only_once_it_started(world):
    meeting = make_meeting(world, days=3)
    with pytest.raises(services.MeetingError):
        services.mark_held(meeting, world["public_manager"])
    past = make_meeting(world, days=-1)
    minutes = services.mark_held(past, world["public_manager"])
    assert past.stage == "minutes_draft" and "Performance report for the quarter" in minutes.draft_text


def test_outcomes_decision_numbered_action_on_the_action_list(world):
    meeting = make_meeting(world, days=-1, held=True)
    item = meeting.agenda[1]
    decision = services.add_outcome(meeting, services.OutcomeData("decision", "Lifts replaced one at a time.", item.id),
                                    world["public_manager"])
    second = services.add_outcome(meeting, services.OutcomeData("decision", "Report monthly."), world["public_manager"])
    assert (decision.reference, second.reference) == ("AAA-DEC-0001", "AAA-DEC-0002")
    due = date(2026, 12, 15)
    outcome = services.add_outcome(meeting, services.OutcomeData(
        "action", "Publish the outage plan", item.id, owner_user_id=world["operator_manager"].id, due_on=due),
        world["public_manager"])
    action = db.session.get(Action, outcome.action_id)
    assert (action.title, action.owner_user_id, action.due_on) == ("Publish the outage plan", world["operator_manager"].id, due)
    assert (action.source_kind, action.source_id, action.visibility) == ("meeting", meeting.id, "partners")
    assert action.source_url.endswith(meeting.reference)


def test_an_action_without_owner_is_refused_and_nothing_recorded(world):
    meeting = make_meeting(world, days=-1, held=True)
    with pytest.raises(services.MeetingError) as error:
        services.add_outcome(meeting, services.OutcomeData("action", "Do it"), world["public_manager"])
    assert error.value.field == "owner"
    assert meeting.outcomes == []


def test_outcomes_need_a_held_meeting(world):
    with pytest.raises(services.MeetingError):
        services.add_outcome(make_meeting(world), services.OutcomeData("information", "Noted"), world["public_manager"])


def test_the_decisions_log_searches_and_respects_visibility(world):
    partners = make_meeting(world, days=-1, held=True)
    services.add_outcome(partners, services.OutcomeData("decision", "The lift contract is extended."), world["public_manager"])
    community = make_meeting(world, days=-2, held=True, visibility="community", kind="community_consultation")
    services.add_outcome(community, services.OutcomeData("decision", "Parking leaflet for residents."), world["public_manager"])

    def texts(user, q=""):
        return [o.text for o in db.session.scalars(services.decisions_query(user, world.contract_a, q))]

    assert sorted(texts(world["public_officer"])) == ["Parking leaflet for residents.", "The lift contract is extended."]
    assert texts(world["public_officer"], "lift") == ["The lift contract is extended."]
    assert texts(world["community_rep"]) == ["Parking leaflet for residents."]
