"""What meetings offer the rest of the portal without being imported: approved minutes of public
meetings in the search index and on the public contract page, the next meetings on the member
overview, and the "meeting" link kind."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from portal import access, clock
from portal.contracts.models import Contract
from portal.extensions import db
from portal.meetings import services
from portal.meetings.models import Meeting, Minutes
from portal.panels import (
    LinkedRecord,
    LinkKind,
    SearchSource,
    register_link_kind,
    register_member_panel,
    register_public_panel,
    register_search_source,
)
from portal.richtext import plain_text


def _public_clause():
    return sa.and_(Minutes.status == "approved", Minutes.visibility == "public",
                   Minutes.meeting_id.in_(sa.select(Meeting.id).where(Meeting.status == "held",
                                                                      Meeting.visibility == "public")))


def _document(minutes: Minutes) -> dict | None:
    meeting = minutes.meeting
    if not (minutes.status == "approved" and meeting.visibility == "public" and meeting.status == "held"):
        return None
    return {"title": f"Minutes: {meeting.title} ({services.local_start(meeting):%d %b %Y})",
            "body": plain_text(minutes.approved_text),
            "endpoint": "meetings.public_minutes",
            "values": {"code": meeting.contract.code, "reference": meeting.reference},
            "published_at": minutes.approved_at}


def _records(contract: Contract) -> list[Minutes]:
    return list(db.session.scalars(sa.select(Minutes).where(Minutes.contract_id == contract.id, _public_clause())))


def _still_public(ids: list[int]) -> set[int]:
    return set(db.session.scalars(sa.select(Minutes.id).where(Minutes.id.in_(ids), _public_clause())))


register_search_source(SearchSource(kind="minutes", model=Minutes, document=_document, records=_records,
                                    still_public=_still_public))


def _public_panel(contract: Contract):
    public = sa.select(Meeting).where(Meeting.contract_id == contract.id, Meeting.visibility == "public")
    coming = db.session.scalars(public.where(Meeting.status == "scheduled", Meeting.starts_at >= clock.now())
                                .order_by(Meeting.starts_at).limit(3)).all()
    minutes = db.session.scalars(public.join(Minutes, Minutes.meeting_id == Meeting.id)
                                 .where(Minutes.status == "approved").order_by(Meeting.starts_at.desc()).limit(5)).all()
    if not coming and not minutes:
        return None
    return {"contract": contract, "coming": coming, "minutes": minutes}


def _member_panel(user, contract: Contract):
    if not access.can(user, "meeting.view", contract):
        return None
    return {"contract": contract, "meetings": services.upcoming(user, contract, limit=3)}


register_public_panel("meetings", "meetings/_public_panel.html", _public_panel, order=30)
register_member_panel("meetings", "meetings/_overview_panel.html", _member_panel, order=30)


def _resolve(contract: Contract, ref_id: int) -> LinkedRecord | None:
    meeting = db.session.get(Meeting, ref_id)
    if meeting is None or meeting.contract_id != contract.id:
        return None
    return LinkedRecord(kind="meeting", ref_id=meeting.id, contract_id=contract.id,
                        title=f"{meeting.reference} {meeting.title} ({services.local_start(meeting):%d %b %Y})",
                        url=url_for("meetings.detail", code=contract.code, reference=meeting.reference),
                        visibility=meeting.visibility)


def _choices(user, contract: Contract) -> list[tuple[int, str]]:
    rows = db.session.scalars(sa.select(Meeting).where(access.visible_clause(user, Meeting, contract))
                              .order_by(Meeting.starts_at.desc()).limit(30))
    return [(m.id, f"{m.reference} {m.title}") for m in rows]


register_link_kind(LinkKind(kind="meeting", label="Meeting", resolve=_resolve, choices=_choices))
