"""Feedback pages for a contract's staff: the queue, registering feedback received by phone,
letter or in person, one record and every action on it.

Phases in every view: load (404), authorise, validate, call a service, commit, respond. A view
authorises with the role-level action (e.g. `feedback.respond`: this person answers this
feedback); a step the record's state no longer allows is refused by the service (422)."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.models import Contract
from portal.contracts.services import member_contract
from portal.db import utcnow
from portal.extensions import db
from portal.feedback import handling, intake, settings
from portal.feedback.board import hide as hide_on_board
from portal.feedback.board import moderate as publish_on_board
from portal.feedback.errors import FeedbackError
from portal.feedback.figures import feedback_figures, recent_period
from portal.feedback.forms import (
    AppealDecisionForm,
    AssignForm,
    CloseForm,
    HideForm,
    ModerateForm,
    NoteForm,
    QuestionForm,
    QueueFilterForm,
    RegisterFeedbackForm,
    ResponseForm,
    record_forms,
)
from portal.feedback.models import Feedback
from portal.feedback.public_views import attachment_of, send_attachment, submit_form, tracking_link
from portal.web import done, invalid, render, run_and_redirect, save_form


def overview_panel(user, contract) -> dict | None:
    """The member overview's panel: the feedback figures of the last twelve months, for staff."""
    if not access.can(user, "feedback.view_queue", contract):
        return None
    start, end = recent_period(contract)
    return {"contract": contract, "figures": feedback_figures(contract, start, end)}


# ---- the queue and registering feedback on someone's behalf --------------------------------


@login_required
def queue(code):
    contract = member_contract(code, "feedback.view_queue")
    form = QueueFilterForm(request.args).offer(settings.categories(contract, active_only=False))
    page = db.paginate(handling.queue_query(current_user, contract, form.filters()),
                       page=request.args.get("page", 1, int), per_page=25, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render("feedback/queue.html", "feedback/_queue_results.html", contract=contract, form=form,
                  page=page, now=utcnow(), args=args)


@login_required
def register_feedback(code):
    contract = member_contract(code, "feedback.register")
    form = RegisterFeedbackForm().offer(settings.category_choices(contract))
    if request.method == "GET":
        return render("feedback/register.html", contract=contract, form=form)
    saved = submit_form(form, contract, registered_by=current_user)
    if saved is None:
        return invalid("feedback/register.html", contract=contract, form=form)
    feedback, token = saved
    db.session.commit()
    flash(f"Give the person their private tracking link: {tracking_link(token)}", "info")
    return done(_record_url(feedback), f"{feedback.reference} registered ({feedback.channel_label.lower()}).")


# ---- one record ----------------------------------------------------------------------------


def _load(code: str, reference: str, action: str = "view") -> tuple[Contract, Feedback]:
    contract = member_contract(code, "feedback.view_queue")
    feedback = intake.find_by_reference(contract, reference)
    access.authorize(action, feedback)
    return contract, feedback


def _record_url(feedback: Feedback) -> str:
    return url_for("feedback.detail", code=feedback.contract.code, reference=feedback.reference)


def _detail(contract: Contract, feedback: Feedback, status: int = 200, **posted):
    """The record page; `posted`: the form sent back with its problems, by its action's name."""
    start_from = settings.template_text(contract, request.args.get("template", type=int))
    forms = record_forms(feedback, handling.assignable_members(contract, feedback), posted=posted,
                         template_text=start_from)

    def staff_file_url(item) -> str:
        return url_for("feedback.attachment", code=contract.code, reference=feedback.reference, file_id=item.id)

    return render("feedback/detail.html", status=status, contract=contract, feedback=feedback, now=utcnow(),
                  staff_file_url=staff_file_url, templates=settings.response_templates(contract),
                  error_form=next(iter(posted), None), **forms)


@login_required
def detail(code, reference):
    contract, feedback = _load(code, reference)
    return _detail(contract, feedback)


def _save(contract: Contract, feedback: Feedback, name: str, form, save, message: str):
    """Save one of the record page's forms: 303 back to the record, or the page again with the
    form's problems (422), the text kept; a concurrent change of the record is refused."""
    if not save_form(form, save, FeedbackError, record=feedback, what="feedback"):
        return _detail(contract, feedback, 422, **{name: form})
    db.session.commit()
    return done(_record_url(feedback), message)


@login_required
def acknowledge(code, reference):
    _contract, feedback = _load(code, reference, "feedback.respond")
    body = (request.form.get("body") or "").strip()[:2000]
    return run_and_redirect(lambda: handling.acknowledge(feedback, current_user, body), FeedbackError,
                            _record_url(feedback), f"{feedback.reference} acknowledged.")


@login_required
def assign(code, reference):
    contract, feedback = _load(code, reference, "feedback.respond")
    members = {user.id: user for user in handling.assignable_members(contract, feedback)}
    form = AssignForm().offer(members.values())
    return _save(contract, feedback, "assign", form,
                 lambda: handling.assign(feedback, current_user, members.get(form.assignee.data)), "Assignment saved.")


@login_required
def ask_question(code, reference):
    contract, feedback = _load(code, reference, "feedback.respond")
    form = QuestionForm()
    return _save(contract, feedback, "question", form,
                 lambda: handling.ask_question(feedback, current_user, form.body.data),
                 "Your question was sent to the submitter.")


@login_required
def add_note(code, reference):
    contract, feedback = _load(code, reference, "feedback.note")
    form = NoteForm()
    return _save(contract, feedback, "note", form, lambda: handling.add_note(feedback, current_user, form.body.data),
                 "Note added.")


@login_required
def respond(code, reference):
    contract, feedback = _load(code, reference, "feedback.respond")
    form = ResponseForm()
    return _save(contract, feedback, "respond", form, lambda: handling.respond(feedback, current_user, form.body.data),
                 "Response published to the submitter.")


@login_required
def close(code, reference):
    contract, feedback = _load(code, reference, "feedback.respond")
    form = CloseForm()
    return _save(contract, feedback, "close", form, lambda: handling.close(feedback, current_user, form.body.data),
                 "Closed.")


@login_required
def decide_appeal(code, reference):
    contract, feedback = _load(code, reference, "feedback.appeals")
    form = AppealDecisionForm()
    return _save(contract, feedback, "appeal", form,
                 lambda: handling.decide_appeal(feedback, current_user, form.body.data),
                 "Appeal decided; the submitter was told.")


@login_required
def moderate(code, reference):
    contract, feedback = _load(code, reference, "feedback.moderate")
    form = ModerateForm()
    return _save(contract, feedback, "moderate", form,
                 lambda: publish_on_board(feedback, current_user, form.public_text.data, form.public_response.data or ""),
                 "Published on the public board.")


@login_required
def hide(code, reference):
    contract, feedback = _load(code, reference, "feedback.moderate")
    form = HideForm()
    return _save(contract, feedback, "hide", form, lambda: hide_on_board(feedback, current_user, form.reason.data),
                 "Hidden on the public board; the reason is shown instead.")


@login_required
def attachment(code, reference, file_id):
    _contract, feedback = _load(code, reference)
    item = attachment_of(feedback, file_id)
    access.authorize("view", item)
    return send_attachment(item)
