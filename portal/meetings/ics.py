"""Meetings as iCalendar (RFC 5545) with the `icalendar` package: one meeting (an invitation, an
update or a cancellation) or a member's private feed.

Times carry the contract's TZID (with its VTIMEZONE); the UID never changes for a meeting, and
SEQUENCE is the meeting's `ics_sequence`, raised on every change of time, place or status, so that
calendars replace the event instead of adding a second one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from icalendar import Calendar, Event

from portal import access, clock
from portal.auth.models import User
from portal.extensions import db
from portal.meetings.models import CalendarFeed, Meeting

PRODID = "-//Partnership Portal//Meetings//EN"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@partnership-portal"


def meeting_url(meeting: Meeting) -> str:
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    return f"{base}/contracts/{meeting.contract.code}/meetings/{meeting.reference}"


def _event(meeting: Meeting) -> Event:
    zone = ZoneInfo(meeting.contract.time_zone or "UTC")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", clock.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.contract.code}: {meeting.title}")
    where = meeting.place or ("Online" if meeting.video_url else "")
    if where:
        event.add("location", where)
    lines = [f"{meeting.kind_label} meeting {meeting.reference}."]
    if meeting.video_url:
        lines.append(f"Join online: {meeting.video_url}")
    if meeting.agenda:
        lines.append("Agenda:")
        lines += [f"{i}. {item.title}" + (f" ({item.presenter})" if item.presenter else "")
                  for i, item in enumerate(meeting.agenda, start=1)]
    lines.append(meeting_url(meeting))
    event.add("description", "\n".join(lines))
    event.add("url", meeting_url(meeting))
    if meeting.status == "cancelled":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar(meetings, *, method: str | None = None, name: str | None = None) -> bytes:
    """An iCalendar file of `meetings`; `method` REQUEST (invitations, updates) or CANCEL."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_ics(meeting: Meeting, method: str | None = None) -> bytes:
    if method is None and meeting.status == "cancelled":
        method = "CANCEL"
    return calendar([meeting], method=method)


# ---- private feeds -------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def has_feed(user) -> bool:
    return db.session.scalar(sa.select(CalendarFeed.id).where(CalendarFeed.user_id == user.id)) is not None


def reset_feed(user) -> str:
    """A new feed token for `user` (the old one stops working at once). Only its hash is kept: the
    caller shows the token once."""
    token = secrets.token_urlsafe(24)
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=_hash(token))
        db.session.add(feed)
    else:
        feed.token_hash = _hash(token)
        feed.created_at = clock.now()
    db.session.flush()
    return token


def feed_owner(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token)))
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    return user if user is not None and user.active else None


def feed_meetings(user) -> list[Meeting]:
    """The meetings the member may see on their contracts (not other contracts' public meetings),
    from 90 days ago on."""
    since = clock.now() - timedelta(days=90)
    return list(db.session.scalars(
        sa.select(Meeting).where(Meeting.contract_id.in_(access.member_contract_ids(user) or [-1]),
                                 access.visible_clause(user, Meeting), Meeting.starts_at >= since)
        .order_by(Meeting.starts_at)))
