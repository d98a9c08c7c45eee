"""Minutes pages: saving and autosaving the draft (conflict-safe), approval by the chair,
corrections, the difference between revisions, the public minutes and the PDF."""

from __future__ import annotations

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from portal import access
from portal.contracts.services import contract_or_404
from portal.extensions import db
from portal.meetings import minutes as rules
from portal.meetings import services
from portal.meetings.blueprint import bp
from portal.meetings.forms import CorrectionForm, MinutesForm
from portal.meetings.pages import detail_page, load_meeting
from portal.pdf import PdfMetadata, render_pdf
from portal.richtext import markdown_html
from portal.web import done, put_error_on_form, render, run_and_redirect, save_form, send_bytes


def _minutes_of(contract, meeting):
    if meeting.minutes is None:
        abort(404)
    return meeting.minutes


def _back(contract, meeting):
    return url_for("meetings.detail", code=contract.code, reference=meeting.reference) + "#minutes-heading"


def _save(minutes, form) -> rules.MinutesConflict | None:
    """Save the draft; on a conflict keep the writer's text as a revision (committed) and return it."""
    try:
        rules.save_draft(minutes, form.text.data or "", form.version.data, current_user)
    except rules.MinutesConflict as conflict:
        db.session.commit()  # the writer's text, kept as a revision
        return conflict
    except StaleDataError:  # saved by someone else in the same instant
        db.session.rollback()
        return _save(minutes, form)
    return None


def _conflict_response(contract, meeting, form, conflict):
    form.version.data = conflict.version
    put_error_on_form(form, conflict)
    return detail_page(contract, meeting, minutes_form=form, conflict=conflict)


@bp.post("/contracts/<code>/meetings/<reference>/minutes")
@login_required
def save_minutes(code, reference):
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    minutes = _minutes_of(contract, meeting)
    form = MinutesForm()
    if not form.validate():
        return detail_page(contract, meeting, minutes_form=form)
    conflict = _save(minutes, form)
    if conflict is not None:
        return _conflict_response(contract, meeting, form, conflict)
    try:
        revision = rules.keep_revision(minutes, current_user)
    except rules.MeetingError as error:
        put_error_on_form(form, error)
        return detail_page(contract, meeting, minutes_form=form)
    db.session.commit()
    return done(_back(contract, meeting), f"Minutes saved as revision {revision.number}." if revision
                else "Minutes saved (no change since the last revision).")


@bp.post("/contracts/<code>/meetings/<reference>/minutes/autosave")
@login_required
def autosave_minutes(code, reference):
    """htmx: save the draft as it is typed. On a conflict the editor is replaced (422) by one that
    shows both texts, keeps the writer's, and stops autosaving until they save on purpose."""
    contract, meeting = load_meeting(code, reference, "meeting.edit")
    minutes = _minutes_of(contract, meeting)
    form = MinutesForm()
    if not form.validate():
        abort(400)
    try:
        conflict = _save(minutes, form)
    except rules.MeetingError as error:
        return make_response(render_template("meetings/_autosave_status.html", error=str(error), minutes=minutes), 422)
    if conflict is not None:
        form.version.data = conflict.version
        put_error_on_form(form, conflict)
        response = make_response(render_template("meetings/_minutes_editor.html", contract=contract, meeting=meeting,
                                                 minutes_form=form, conflict=conflict), 422)
        response.headers.update({"HX-Retarget": "#minutes-editor", "HX-Reswap": "outerHTML"})
        return response
    db.session.commit()
    return render("meetings/_autosave_status.html", contract=contract, minutes=minutes, error=None)


@bp.post("/contracts/<code>/meetings/<reference>/minutes/approve")
@login_required
def approve_minutes(code, reference):
    contract, meeting = load_meeting(code, reference)
    minutes = _minutes_of(contract, meeting)
    if not access.may_approve_minutes(current_user, meeting):
        abort(403, description="Only the meeting's chair approves its minutes.")
    return run_and_redirect(lambda: rules.approve(minutes, current_user), rules.MeetingError,
                            _back(contract, meeting), "Minutes approved and locked.")


@bp.post("/contracts/<code>/meetings/<reference>/minutes/correct")
@login_required
def correct_minutes(code, reference):
    contract, meeting = load_meeting(code, reference)
    minutes = _minutes_of(contract, meeting)
    if not access.may_approve_minutes(current_user, meeting):
        abort(403, description="Only the meeting's chair corrects its approved minutes.")
    form = CorrectionForm()
    if not save_form(form, lambda: rules.correct(minutes, form.text.data, form.reason.data, current_user),
                     rules.MeetingError):
        return detail_page(contract, meeting, correction_form=form)
    db.session.commit()
    return done(_back(contract, meeting), "Correction recorded as a new revision.")


@bp.get("/contracts/<code>/meetings/<reference>/minutes/diff")
@login_required
def minutes_diff(code, reference):
    contract, meeting = load_meeting(code, reference)
    minutes = _minutes_of(contract, meeting)
    by_number = {r.number: r for r in minutes.revisions}
    old, new = by_number.get(request.args.get("a", type=int)), by_number.get(request.args.get("b", type=int))
    if old is None or new is None:
        abort(404)
    return render("meetings/diff.html", "meetings/_diff.html", contract=contract, meeting=meeting, old=old, new=new,
                  lines=rules.diff(old.text, new.text))


def _public_meeting(code, reference):
    """Approved minutes for anyone who may read the meeting (the public, for a public meeting)."""
    contract = contract_or_404(code)
    meeting = services.find(contract, reference)
    if meeting is None:
        abort(404)
    access.authorize("view", meeting)
    return contract, meeting


@bp.get("/contracts/<code>/meetings/<reference>/minutes")
def public_minutes(code, reference):
    contract, meeting = _public_meeting(code, reference)
    if not meeting.minutes_approved:
        abort(404)
    return render("meetings/minutes.html", contract=contract, meeting=meeting, minutes=meeting.minutes,
                  local_start=services.local_start(meeting))


@bp.get("/contracts/<code>/meetings/<reference>/minutes.pdf")
def minutes_pdf(code, reference):
    """The approved minutes (anyone who may read the meeting), or the draft marked as such (members)."""
    contract, meeting = _public_meeting(code, reference)
    minutes = meeting.minutes
    draft = not meeting.minutes_approved
    if minutes is None or (draft and access.role_in(current_user, contract) is None):
        abort(404)
    html = render_template("meetings/minutes_document.html", contract=contract, meeting=meeting, minutes=minutes,
                           draft=draft, text=minutes.draft_text if draft else minutes.approved_text,
                           local_start=services.local_start(meeting))
    meta = PdfMetadata(title=f"Minutes: {meeting.title}", author=contract.government_org.name,
                       subject=f"{meeting.kind_label} meeting {meeting.reference}, {contract.title}",
                       keywords=["minutes", contract.code, meeting.reference])
    suffix = "-draft" if draft else ""
    return send_bytes(render_pdf(html, meta), f"{meeting.reference}-minutes{suffix}.pdf", "application/pdf")


@bp.app_template_global("conflict_lines")
def conflict_lines(theirs: str, yours: str):
    return rules.diff(theirs, yours)


@bp.app_template_filter("minutes_markdown")
def minutes_markdown(text: str, top_level: int = 3):
    return markdown_html(text, top_level)
