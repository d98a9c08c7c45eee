"""Feedback pages for anyone: give feedback, follow it (with the private link, or one's account),
the public board and reporting an item on it.

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from flask import abort, current_app, flash, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.contracts.models import Contract
from portal.contracts.services import contract_or_404, get_contract, published_contracts
from portal.extensions import db, limiter
from portal.feedback import handling, intake, settings
from portal.feedback.board import board_item, board_query, report_abuse
from portal.feedback.errors import FeedbackError
from portal.feedback.forms import FeedbackForm, ReportForm, TrackForm
from portal.feedback.models import Feedback, FeedbackAttachment
from portal.web import done, invalid, render, save_form, send_stored

RATE_LIMITED = ("You have sent several pieces of feedback from this address in the last hour. "
                "Please wait an hour before sending more, or call the contract's public authority.")


def rate_limit() -> str:
    return current_app.config["FEEDBACK_RATE_LIMIT"]


def _signed_in() -> bool:
    return current_user.is_authenticated


# ---- helpers the staff pages share ---------------------------------------------------------


def tracking_link(token: str) -> str:
    """The submitter's private link, in full (for the receipt and to read out on the phone)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for("feedback.track", token=token)


def submit_form(form: FeedbackForm, contract: Contract, *, registered_by=None) -> tuple[Feedback, str] | None:
    """Validate the form and record the feedback with its files and receipt: (feedback, token), or
    None with the problems on the form (the caller answers 422; nothing was kept)."""
    saved: list[tuple[Feedback, str]] = []

    def save() -> None:
        category = settings.chosen_category(contract, form.category.data)
        if category is None:
            raise FeedbackError("Choose a category.", "category")
        submitter = current_user if current_user.is_authenticated and registered_by is None else None
        saved.append(intake.submit(contract, form.submission(category), form.attachments.data or [],
                                   tracking_link, submitter=submitter, registered_by=registered_by))

    return saved[0] if save_form(form, save, FeedbackError) else None


def attachment_of(feedback: Feedback | None, file_id: int) -> FeedbackAttachment:
    item = db.session.get(FeedbackAttachment, file_id) if feedback is not None else None
    if item is None or item.feedback_id != feedback.id:
        abort(404)
    return item


def send_attachment(item: FeedbackAttachment):
    return send_stored(item.key, item.original_name, item.content_type)


# ---- giving feedback -----------------------------------------------------------------------


@limiter.limit(rate_limit, methods=["POST"], exempt_when=_signed_in, error_message=RATE_LIMITED,
               deduct_when=lambda response: response.status_code == 303)
def new_feedback():
    code = request.values.get("contract", "")
    contract = get_contract(code) if code else None
    if contract is None or not access.can(current_user, "view", contract):
        if code:
            flash("Choose one of the contracts below.", "warning")
        return render("feedback/choose_contract.html", contracts=published_contracts(),
                      status=200 if request.method == "GET" else 422)
    form = FeedbackForm().offer(settings.category_choices(contract))
    if request.method == "GET":
        return render("feedback/new.html", contract=contract, form=form)
    saved = submit_form(form, contract)
    if saved is None:
        return invalid("feedback/new.html", contract=contract, form=form)
    feedback, token = saved
    db.session.commit()
    return done(url_for("feedback.track", token=token, new=1), f"Thank you. Your reference is {feedback.reference}.")


# ---- following one's feedback --------------------------------------------------------------

# The submitter's steps on their page: (service call, thanks).
TRACK_STEPS = {
    "reply": (lambda f, form: handling.reply(f, form.body.data or ""), "Thank you, your answer was sent."),
    "rate": (lambda f, form: handling.rate(f, form.satisfied.data == "yes", form.comment.data or ""),
             "Thank you for rating our response."),
    "appeal": (lambda f, form: handling.appeal(f, form.body.data or ""),
               "Your appeal was sent to the public authority."),
}


def _submitter_file_url(feedback: Feedback, token: str | None):
    """How the submitter downloads their own files: through the token (or their account), never a bare id."""
    if token:
        return lambda item: url_for("feedback.track_attachment", token=token, file_id=item.id)
    return lambda item: url_for("feedback.my_attachment", feedback_id=feedback.id, file_id=item.id)


def _track_page(feedback: Feedback, post_url: str, *, token: str | None = None):
    form = TrackForm()
    page = dict(feedback=feedback, form=form, post_url=post_url, token=token,
                file_url=_submitter_file_url(feedback, token), events=intake.public_events(feedback))
    if request.method == "GET":
        return render("feedback/track.html", link=tracking_link(token) if token else None,
                      is_new=bool(request.args.get("new")), **page)
    if form.action.data not in TRACK_STEPS:
        abort(400)
    run, thanks = TRACK_STEPS[form.action.data]
    if not save_form(form, lambda: run(feedback, form), FeedbackError):
        return invalid("feedback/track.html", failed_action=form.action.data, **page)
    db.session.commit()
    return done(post_url, thanks)


def track(token):
    feedback = intake.find_by_token(token)
    if feedback is None:
        abort(404)
    response = _track_page(feedback, url_for("feedback.track", token=token), token=token)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def track_attachment(token, file_id):
    """The submitter's own file, reached only with their tracking token."""
    return send_attachment(attachment_of(intake.find_by_token(token), file_id))


@login_required
def my_feedback():
    return render("feedback/mine.html", items=handling.my_feedback(current_user))


def _mine(feedback_id: int) -> Feedback:
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None or not access.can(current_user, "feedback.follow", feedback):
        abort(404)
    return feedback


@login_required
def my_item(feedback_id):
    feedback = _mine(feedback_id)
    return _track_page(feedback, url_for("feedback.my_item", feedback_id=feedback.id))


@login_required
def my_attachment(feedback_id, file_id):
    return send_attachment(attachment_of(_mine(feedback_id), file_id))


# ---- the public board ----------------------------------------------------------------------


def public_panel(contract) -> dict:
    """The public contract page's panel: how to give feedback, and the latest on the board."""
    return {"contract": contract, "items": db.session.scalars(board_query(contract).limit(3)).all()}


def board(code):
    contract = contract_or_404(code)
    if not access.can(current_user, "view", contract):
        access.deny_read()
    page = db.paginate(board_query(contract), page=request.args.get("page", 1, int), per_page=20,
                       error_out=False)
    return render("feedback/board.html", contract=contract, page=page, report_form=ReportForm())


@limiter.limit(rate_limit, error_message=RATE_LIMITED)
def report(code, reference):
    contract = contract_or_404(code)
    feedback = board_item(contract, reference)
    if feedback is None or not access.can_read(current_user, feedback):
        abort(404)
    form = ReportForm()
    if not form.validate():
        abort(400)
    try:
        report_abuse(feedback, form.reason.data or "")
    except FeedbackError:
        abort(404)
    db.session.commit()
    return done(url_for("feedback.board", code=contract.code), "Thank you. A moderator will look at this item.")
