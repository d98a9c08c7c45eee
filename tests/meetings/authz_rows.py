"""Every meetings route against every kind of user (tests/authz/test_matrix.py runs them)."""

from tests.authz.matrix import GOVERNMENT, Route, everyone, members_of_a, only, signed_in
from tests.meetings.helpers import make_meeting

EDITORS = (*GOVERNMENT, "operator_manager")
PARTNERS = ("public_manager", "public_officer", "operator_manager", "operator_staff", "reviewer")


def _partners(world):
    return {"ref": make_meeting(world).reference}


def _community(world):
    return {"ref": make_meeting(world, visibility="community", kind="community_consultation").reference}


def _held(world):
    meeting = make_meeting(world, days=-1, held=True)
    return {"ref": meeting.reference, "item": meeting.agenda[0].id, "version": meeting.minutes.version}


def _approved_public(world):
    from portal.meetings import minutes

    meeting = make_meeting(world, visibility="public", kind="community_consultation", days=-2, held=True)
    minutes.save_draft(meeting.minutes, "# Minutes\n\nResidents asked about parking.", meeting.minutes.version,
                       world["public_manager"])
    minutes.approve(meeting.minutes, world["public_manager"])
    return {"ref": meeting.reference}


def _revisions(world):
    from portal.meetings import minutes

    meeting = make_meeting(world, days=-1, held=True)
    minutes.keep_revision(meeting.minutes, world["public_manager"])
    minutes.save_draft(meeting.minutes, "Changed text", meeting.minutes.version, world["public_manager"])
    minutes.keep_revision(meeting.minutes, world["public_manager"])
    return {"ref": meeting.reference}


def _feed(world):
    from portal.meetings import ics

    make_meeting(world)
    return {"token": ics.reset_feed(world["public_manager"])}


BASE = "/contracts/{a}/meetings/{ref}"
# Members who may read a partners meeting; the community rep gets 404 on it.
READERS = members_of_a("ok", community_rep=404)
CHANGE = only(EDITORS) | {"community_rep": 404}  # a refused change of an unreadable record is 404

ROWS = [
    Route("meetings.list_meetings", "GET", "/contracts/{a}/meetings", members_of_a()),
    Route("meetings.list_meetings", "GET", "/contracts/{a}/meetings?when=past", members_of_a(),
          headers={"HX-Request": "true"}),
    Route("meetings.schedule_meeting", "GET", "/contracts/{a}/meetings/new", only(EDITORS, "ok")),
    Route("meetings.schedule_meeting", "POST", "/contracts/{a}/meetings/new", only(EDITORS), data={"title": ""}),
    Route("meetings.detail", "GET", BASE, READERS, setup=_partners),
    Route("meetings.detail", "GET", BASE, members_of_a(), setup=_community),
    Route("meetings.edit_meeting", "GET", BASE + "/edit", only(EDITORS, "ok") | {"community_rep": 404},
          setup=_partners),
    Route("meetings.edit_meeting", "POST", BASE + "/edit", CHANGE, setup=_partners, data={"title": ""}),
    Route("meetings.add_agenda_item", "POST", BASE + "/agenda", CHANGE, setup=_partners, data={"title": "AOB"}),
    Route("meetings.remove_agenda_item", "POST", BASE + "/agenda/{item}/delete",
          only(EDITORS) | {"community_rep": 404}, setup=lambda w: _item_of(make_meeting(w))),
    Route("meetings.cancel_meeting", "POST", BASE + "/cancel", CHANGE, setup=_partners, data={"reason": ""}),
    Route("meetings.mark_held", "POST", BASE + "/held", CHANGE, setup=_partners),
    Route("meetings.record_attendance", "POST", BASE + "/attendance", CHANGE, setup=_held),
    Route("meetings.add_outcome", "POST", BASE + "/outcomes", CHANGE, setup=_held,
          data={"kind": "information", "text": "Noted."}),
    Route("meetings.save_minutes", "POST", BASE + "/minutes", CHANGE, setup=_held, data={"text": "Draft"}),
    Route("meetings.autosave_minutes", "POST", BASE + "/minutes/autosave", CHANGE, setup=_held,
          data={"text": "Draft", "version": "1"}, headers={"HX-Request": "true"}),
    # Only the chair (the public manager here) approves and corrects.
    Route("meetings.approve_minutes", "POST", BASE + "/minutes/approve",
          only(("public_manager",)) | {"community_rep": 404}, setup=_held),
    Route("meetings.correct_minutes", "POST", BASE + "/minutes/correct",
          only(("public_manager",)), setup=_approved_public,
          data={"text": "Corrected", "reason": "Spelling of a name"}),
    Route("meetings.minutes_diff", "GET", BASE + "/minutes/diff?a=1&b=2", READERS, setup=_revisions),
    Route("meetings.minutes_diff", "GET", BASE + "/minutes/diff?a=1&b=2", READERS, setup=_revisions,
          headers={"HX-Request": "true"}),
    Route("meetings.public_minutes", "GET", BASE + "/minutes", everyone(), setup=_approved_public),
    Route("meetings.public_minutes", "GET", BASE + "/minutes", {"default": 404, "anonymous": "login"},
          setup=_held),
    Route("meetings.minutes_pdf", "GET", BASE + "/minutes.pdf", everyone(), setup=_approved_public),
    Route("meetings.minutes_pdf", "GET", BASE + "/minutes.pdf", READERS | {"anonymous": "login"}, setup=_held),
    Route("meetings.meeting_ics", "GET", BASE + ".ics", READERS | {"anonymous": "login"}, setup=_partners),
    Route("meetings.meeting_ics", "GET", BASE + ".ics", everyone(), setup=_approved_public),
    Route("meetings.decisions", "GET", "/contracts/{a}/decisions?q=lift", members_of_a()),
    Route("meetings.decisions", "GET", "/contracts/{a}/decisions", members_of_a(), headers={"HX-Request": "true"}),
    Route("meetings.calendar_feed", "GET", "/my/calendar", signed_in()),
    Route("meetings.reset_calendar_feed", "POST", "/my/calendar/reset", signed_in()),
    # The token is the credential: whoever holds it reads its owner's meetings (tests check which).
    Route("meetings.feed", "GET", "/calendar/{token}.ics", everyone(), setup=_feed),
    Route("meetings.feed", "GET", "/calendar/not-a-token.ics", everyone(404)),
]


def _item_of(meeting):
    return {"ref": meeting.reference, "item": meeting.agenda[0].id}
