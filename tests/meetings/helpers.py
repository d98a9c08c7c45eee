"""Builders for meeting tests."""

from __future__ import annotations

from datetime import timedelta

from portal import clock
from portal.extensions import db
from portal.meetings import services
from portal.meetings.models import Attendee, Meeting


def make_meeting(world, *, visibility="partners", kind="contract_management", days=7, held=False,
                 chair=None, contract=None, title="Quarterly contract review"):
    """A meeting `days` from now (negative: in the past), chaired by the public manager by default,
    with every active member invited who may see it."""
    contract = contract or world.contract_a
    chair = chair or world["public_manager"]
    starts = clock.now().replace(microsecond=0) + timedelta(days=days)
    number = (db.session.query(db.func.max(Meeting.number)).filter(Meeting.contract_id == contract.id).scalar() or 0) + 1
    meeting = Meeting(contract_id=contract.id, number=number, reference=f"{contract.code}-MTG-{number:04d}",
                      kind=kind, title=title, starts_at=starts, duration_minutes=90, place="Board room 2",
                      visibility=visibility, chair_id=chair.id, created_by_id=chair.id)
    db.session.add(meeting)
    db.session.flush()
    for user in services.invitable(contract):
        if visibility in services.access.readable_visibilities(user, contract):
            meeting.attendees.append(Attendee(contract_id=contract.id, user_id=user.id, visibility=visibility))
    services.add_agenda_item(meeting, "Performance report for the quarter", "Operator manager", 20)
    services.add_agenda_item(meeting, "Lift refurbishment programme", "", 15)
    if held:
        services.mark_held(meeting, chair)
    db.session.flush()
    return meeting
