"""Meeting pages through the test client: full pages and fragments, 422s, autosave conflicts,
calendar files and feeds, the PDF and the public minutes."""

from __future__ import annotations

import io
from datetime import timedelta

from icalendar import Calendar
from pypdf import PdfReader

from portal import clock
from portal.extensions import db
from portal.meetings import ics
from portal.meetings import minutes as rules
from tests.meetings.helpers import make_meeting


def test_list_page_and_fragment(world, login):
    make_meeting(world, title="Lift outage review")
    client = login(world["operator_staff"])
    page = client.get("/contracts/AAA/meetings")
    assert page.status_code == 200 and b"Lift outage review" in page.data and b"<html" in page.data
    fragment = client.get("/contracts/AAA/meetings", headers={"HX-Request": "true"})
    assert b"Lift outage review" in fragment.data and b"<html" not in fragment.data


def test_schedule_form_refuses_an_impossible_time_and_asks_about_an_ambiguous_one(world, login):
    db.session.commit()  # a refused form rolls back: keep the world
    client = login(world["public_manager"])
    form = {"kind": "contract_management", "title": "Clocks", "start_time": "01:30", "duration_minutes": "60",
            "place": "Board room", "visibility": "partners", "chair_id": str(world["public_manager"].id)}
    response = client.post("/contracts/AAA/meetings/new", data=form | {"day": "2027-03-28"})
    assert response.status_code == 422 and b"does not exist on 28 Mar 2027" in response.data
    response = client.post("/contracts/AAA/meetings/new", data=form | {"day": "2026-10-25"})
    assert response.status_code == 422 and b"happens twice" in response.data and b"The second (winter time)" in response.data
    assert b'value="Clocks"' in response.data  # the user's input is kept


def test_schedule_and_agenda_fragment(world, login, outbox):
    client = login(world["public_manager"])
    day = (clock.now() + timedelta(days=9)).date().isoformat()
    response = client.post("/contracts/AAA/meetings/new", data={
        "kind": "contract_management", "title": "Quarterly review", "day": day, "start_time": "10:00",
        "duration_minutes": "90", "place": "Board room", "visibility": "partners",
        "chair_id": str(world["public_manager"].id), "invitee_ids": [str(world["operator_manager"].id)]})
    assert response.status_code == 303
    assert any(m["To"] == "operator_manager@example.org" for m in outbox)
    response = client.post("/contracts/AAA/meetings/AAA-MTG-0001/agenda", data={"title": "Lifts"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<html" not in response.data and b"Lifts" in response.data
    response = client.post("/contracts/AAA/meetings/AAA-MTG-0001/agenda", data={"title": ""})
    assert response.status_code == 422 and b"Give the item a title." in response.data


def test_detail_hides_partners_meetings_from_the_community(world, login):
    meeting = make_meeting(world)
    assert login(world["community_rep"]).get(f"/contracts/AAA/meetings/{meeting.reference}").status_code == 404
    assert login(world["reviewer"]).get(f"/contracts/AAA/meetings/{meeting.reference}").status_code == 200


def test_outcome_form_refuses_an_action_without_owner(world, login):
    meeting = make_meeting(world, days=-1, held=True)
    response = login(world["public_officer"]).post(f"/contracts/AAA/meetings/{meeting.reference}/outcomes",
                                                   data={"kind": "action", "text": "Do it"})
    assert response.status_code == 422 and b"Say who owns this action" in response.data


def test_autosave_then_a_conflict_keeps_both_texts(world, login):
    meeting = make_meeting(world, days=-1, held=True)
    db.session.commit()
    url = f"/contracts/AAA/meetings/{meeting.reference}/minutes/autosave"
    loaded = meeting.minutes.version
    alice, bob = login(world["public_manager"]), login(world["public_officer"])
    first = alice.post(url, data={"text": "Alice's minutes", "version": loaded}, headers={"HX-Request": "true"})
    assert first.status_code == 200 and b"Draft saved" in first.data and b'hx-swap-oob="true"' in first.data
    second = bob.post(url, data={"text": "Bob's minutes", "version": loaded}, headers={"HX-Request": "true"})
    assert second.status_code == 422 and second.headers["HX-Retarget"] == "#minutes-editor"
    assert b"Alice&#39;s minutes" in second.data and b"Bob&#39;s minutes" in second.data
    db.session.refresh(meeting.minutes)
    assert meeting.minutes.draft_text == "Alice's minutes"
    assert [r.text for r in meeting.minutes.revisions] == ["Bob's minutes"]
    # Without JavaScript: the full page, 422, with both texts.
    page = bob.post(f"/contracts/AAA/meetings/{meeting.reference}/minutes", data={"text": "Bob again", "version": loaded})
    assert page.status_code == 422 and b"<html" in page.data and b"Save my text over theirs" in page.data


def test_only_the_chair_approves(world, login):
    meeting = make_meeting(world, days=-1, held=True)
    url = f"/contracts/AAA/meetings/{meeting.reference}/minutes/approve"
    assert login(world["public_officer"]).post(url).status_code == 403
    assert login(world["public_manager"]).post(url).status_code == 303
    assert meeting.minutes.status == "approved"


def test_public_minutes_pdf_and_ics_for_anyone_on_a_public_meeting(world, client):
    meeting = make_meeting(world, days=-2, held=True, visibility="public", kind="community_consultation",
                           title="Public meeting on parking")
    rules.save_draft(meeting.minutes, "# Parking\n\nResidents asked for more spaces.", meeting.minutes.version,
                     world["public_manager"])
    assert client.get(f"/contracts/AAA/meetings/{meeting.reference}/minutes").status_code == 404
    assert client.get(f"/contracts/AAA/meetings/{meeting.reference}/minutes.pdf").status_code == 404  # a draft
    rules.approve(meeting.minutes, world["public_manager"])
    page = client.get(f"/contracts/AAA/meetings/{meeting.reference}/minutes")
    assert page.status_code == 200 and b"Residents asked for more spaces." in page.data
    pdf = client.get(f"/contracts/AAA/meetings/{meeting.reference}/minutes.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Minutes: Public meeting on parking" in text and "Residents asked for more spaces." in text
    assert "DRAFT" not in text
    event = Calendar.from_ical(client.get(f"/contracts/AAA/meetings/{meeting.reference}.ics").data).walk("VEVENT")[0]
    assert str(event["uid"]) == ics.uid(meeting)
    assert b"Public meeting on parking" in client.get("/contracts/AAA").data  # the public panel


def test_feed_shows_the_members_visible_meetings_and_dies_on_reset(world, login, client):
    partners = make_meeting(world, title="Partners only")
    community = make_meeting(world, visibility="community", kind="community_consultation", title="Community forum")
    make_meeting(world, contract=world.contract_b, chair=world["operator_b"], title="Bravo review")

    def titles(token):
        response = client.get(f"/calendar/{token}.ics")
        assert response.status_code == 200
        return sorted(str(e["summary"]) for e in Calendar.from_ical(response.data).walk("VEVENT"))

    rep_token = ics.reset_feed(world["community_rep"])
    assert titles(rep_token) == [f"AAA: {community.title}"]
    officer_token = ics.reset_feed(world["public_officer"])
    assert titles(officer_token) == sorted([f"AAA: {community.title}", f"AAA: {partners.title}"])
    assert titles(ics.reset_feed(world["operator_b"])) == ["BBB: Bravo review"]  # nothing of contract A
    response = login(world["public_officer"]).post("/my/calendar/reset")
    assert response.status_code == 200 and b"/calendar/" in response.data
    assert client.get(f"/calendar/{officer_token}.ics").status_code == 404  # the old token is dead


def test_decisions_page_and_fragment(world, login):
    from portal.meetings import services

    meeting = make_meeting(world, days=-1, held=True)
    services.add_outcome(meeting, services.OutcomeData("decision", "The lift contract is extended."),
                         world["public_manager"])
    client = login(world["operator_staff"])
    assert b"AAA-DEC-0001" in client.get("/contracts/AAA/decisions?q=lift").data
    fragment = client.get("/contracts/AAA/decisions?q=boilers", headers={"HX-Request": "true"})
    assert b"<html" not in fragment.data and b"No decision matches this search" in fragment.data
