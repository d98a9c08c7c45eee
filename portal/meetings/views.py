"""Meeting pages: the list, scheduling and changing a meeting, its agenda, the lifecycle,
attendance and outcomes, and the decisions log. Minutes and calendars have their own modules.

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user, login_required

from portal.contracts.services import member_contract
from portal.extensions import db
from portal.meetings import calendar_views, minutes_views, search_source, services  # noqa: F401  (routes, registries)
from portal.meetings.blueprint import bp
from portal.meetings.forms import AgendaItemForm, MeetingForm, OutcomeForm, ReasonForm
from portal.meetings.models import KIND_VISIBILITIES, AgendaItem
from portal.meetings.pages import (
    agenda_context,
    detail_page,
    load_meeting,
    outcome_data,
    prepare_outcome_form,
)
from portal.web import done, invalid, record_of, render, run_and_redirect, save_form

__all__ = ["bp"]


@bp.get("/contracts/<code>/meetings")
@login_required
def list_meetings(code):
    contract = member_contract(code, "meeting.view")
    when = "past" if request.args.get("when") == "past" else "upcoming"
    page = db.paginate(services.meetings_query(current_user, contract, when),
                       page=request.args.get("page", 1, int), per_page=20, error_out=False)
    return render("meetings/list.html", "meetings/_list_results.html", contract=contract, page=page, when=when)


def _meeting_form(contract, meeting=None, formdata=None) -> MeetingForm:
    form = MeetingForm(formdata=formdata, obj=meeting)
    form.chair_id.choices = [(None, "Choose the chair")] + [(u.id, u.name) for u in services.chairs(contract)]
    form.invitee_ids.choices = [(u.id, u.name) for u in services.invitable(contract)]
    if meeting is not None and formdata is None:
        start = services.local_start(meeting)
        form.day.data, form.start_time.data = start.date(), start.time().replace(tzinfo=None)
        form.invitee_ids.data = [a.user_id for a in meeting.attendees if a.user_id]
        form.guests.data = services.guests_text(meeting)
    return form


def _meeting_data(form) -> services.MeetingData:
    return services.MeetingData(
        kind=form.kind.data, title=form.title.data or "", day=form.day.data, start_time=form.start_time.data,
        duration_minutes=form.duration_minutes.data or 0, place=form.place.data or "",
        video_url=form.video_url.data or "", visibility=form.visibility.data, chair_id=form.chair_id.data,
        invitee_ids=form.invitee_ids.data or [], guests=form.guests.data or "", fold=form.fold.data)


@bp.route("/contracts/<code>/meetings/new", methods=["GET", "POST"])
@login_required
def schedule_meeting(code):
    contract = member_contract(code, "meeting.edit")
    form = _meeting_form(contract, formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.chair_id.data = current_user.id if current_user.id in dict(form.chair_id.choices) else None
        return render("meetings/edit.html", contract=contract, form=form, meeting=None, kinds=KIND_VISIBILITIES)
    made = []
    if not save_form(form, lambda: made.append(services.schedule(contract, _meeting_data(form), current_user)),
                     services.MeetingError):
        return invalid("meetings/edit.html", contract=contract, form=form, meeting=None, kinds=KIND_VISIBILITIES)
    services.send_invitations(made[0])
    db.session.commit()
    return done(url_for("meetings.detail", code=contract.code, reference=made[0].reference),
                f"{made[0].reference} scheduled; invitations sent. Add the agenda below.")


@bp.get("/contracts/<code>/meetings/<reference>")
@login_required
def detail(code, reference):
    contract, meeting = load_meeting(code, reference)
    return detail_page(contract, meeting)


@bp.route("/contracts/<code>/meetings/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    if request.method == "GET":
        return render("meetings/edit.html", contract=contract, form=_meeting_form(contract, meeting),
                      meeting=meeting, kinds=KIND_VISIBILITIES)
    form = _meeting_form(contract, formdata=request.form)
    moved = []
    if not save_form(form, lambda: moved.append(services.update(meeting, _meeting_data(form), current_user)),
                     services.MeetingError, record=meeting, what="meeting"):
        return invalid("meetings/edit.html", contract=contract, form=form, meeting=meeting, kinds=KIND_VISIBILITIES)
    db.session.commit()
    return done(url_for("meetings.detail", code=contract.code, reference=meeting.reference),
                "Meeting saved" + ("; invitees were sent the new time and place." if moved[0] else "."))


def _back(contract, meeting, anchor=""):
    return url_for("meetings.detail", code=contract.code, reference=meeting.reference) + anchor


@bp.post("/contracts/<code>/meetings/<reference>/agenda")
@login_required
def add_agenda_item(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    form = AgendaItemForm()
    form.link.choices = [("", "None")]  # any value: the service checks the link against the registry
    form.link.validate_choice = False
    if not save_form(form, lambda: services.add_agenda_item(meeting, form.title.data, form.presenter.data or "",
                                                            form.minutes_allotted.data, form.link.data or ""),
                     services.MeetingError):
        return detail_page(contract, meeting, agenda_form=form)
    db.session.commit()
    return done(_back(contract, meeting, "#agenda-heading"), "Agenda item added.",
                fragment="meetings/_agenda.html", **agenda_context(contract, meeting))


@bp.post("/contracts/<code>/meetings/<reference>/agenda/<int:item_id>/delete")
@login_required
def remove_agenda_item(code, reference, item_id):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    item = record_of(contract, AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    return run_and_redirect(lambda: services.remove_agenda_item(meeting, item), services.MeetingError,
                            _back(contract, meeting, "#agenda-heading"), "Agenda item removed.")


@bp.post("/contracts/<code>/meetings/<reference>/cancel")
@login_required
def cancel_meeting(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    form = ReasonForm()
    if not save_form(form, lambda: services.cancel(meeting, form.reason.data), services.MeetingError):
        return detail_page(contract, meeting, cancel_form=form)
    db.session.commit()
    return done(_back(contract, meeting), "Meeting cancelled; invitees were sent the cancellation.")


@bp.post("/contracts/<code>/meetings/<reference>/held")
@login_required
def mark_held(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    return run_and_redirect(lambda: services.mark_held(meeting, current_user), services.MeetingError,
                            _back(contract, meeting, "#record-heading"),
                            "Marked as held: record attendance and outcomes, and draft the minutes.")


@bp.post("/contracts/<code>/meetings/<reference>/attendance")
@login_required
def record_attendance(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    marks = {a.id: request.form.get(f"attendee-{a.id}") for a in meeting.attendees}
    return run_and_redirect(lambda: services.record_attendance(meeting, marks), services.MeetingError,
                            _back(contract, meeting, "#attendance-heading"), "Attendance saved.")


@bp.post("/contracts/<code>/meetings/<reference>/outcomes")
@login_required
def add_outcome(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    form = prepare_outcome_form(OutcomeForm(), contract, meeting)
    if not save_form(form, lambda: services.add_outcome(meeting, outcome_data(form), current_user),
                     services.MeetingError):
        return detail_page(contract, meeting, outcome_form=form)
    db.session.commit()
    return done(_back(contract, meeting, "#outcomes-heading"), "Outcome recorded.")


@bp.get("/contracts/<code>/decisions")
@login_required
def decisions(code):
    contract = member_contract(code, "meeting.view")
    q = (request.args.get("q") or "").strip()[:200]
    page = db.paginate(services.decisions_query(current_user, contract, q), page=request.args.get("page", 1, int),
                       per_page=25, error_out=False)
    return render("meetings/decisions.html", "meetings/_decisions_results.html", contract=contract, page=page, q=q)
