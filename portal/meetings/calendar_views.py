"""Calendars: a meeting's .ics file, and each member's private feed (a token they can reset)."""

from __future__ import annotations

from flask import abort, current_app, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.services import contract_or_404
from portal.extensions import db, limiter
from portal.meetings import ics, services
from portal.meetings.blueprint import bp
from portal.meetings.forms import EmptyForm
from portal.web import render, send_bytes

CALENDAR = "text/calendar; charset=utf-8"


@bp.get("/contracts/<code>/meetings/<reference>.ics")
def meeting_ics(code, reference):
    contract = contract_or_404(code)
    meeting = services.find(contract, reference)
    if meeting is None:
        abort(404)
    access.authorize("view", meeting)
    return send_bytes(ics.meeting_ics(meeting), f"{meeting.reference}.ics", CALENDAR)


@bp.get("/my/calendar")
@login_required
def calendar_feed():
    return render("meetings/calendar.html", has_feed=ics.has_feed(current_user), form=EmptyForm(formdata=None),
                  feed_url=None)


@bp.post("/my/calendar/reset")
@login_required
def reset_calendar_feed():
    form = EmptyForm()
    if not form.validate():
        abort(400)
    token = ics.reset_feed(current_user)
    db.session.commit()
    url = current_app.config["BASE_URL"].rstrip("/") + url_for("meetings.feed", token=token)
    response = render("meetings/calendar.html", has_feed=True, form=EmptyForm(formdata=None), feed_url=url)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/calendar/<token>.ics")
@limiter.limit("120 per hour")
def feed(token):
    """The member's meetings: the token is the only credential (calendar apps sign in to nothing)."""
    user = ics.feed_owner(token)
    if user is None:
        abort(404)
    data = ics.calendar(ics.feed_meetings(user), name=f"Partnership Portal meetings ({user.name})")
    return send_bytes(data, "meetings.ics", CALENDAR, inline=True, headers={"Referrer-Policy": "no-referrer"})
