"""Feedback pages: give and track feedback (anyone), the staff queue and record, the public board.

Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, request, url_for
from flask_login import current_user, login_required

from portal import access, storage
from portal.contracts.dashboard import register_panel
from portal.contracts.models import Contract
from portal.contracts.services import (
    contract_or_404,
    get_contract,
    member_contract,
    published_contracts,
)
from portal.db import utcnow
from portal.extensions import db, limiter
from portal.feedback import services
from portal.feedback.figures import feedback_figures, recent_period
from portal.feedback.forms import (
    AssignForm,
    CategoryForm,
    DeleteForm,
    FeedbackForm,
    HideForm,
    ModerateForm,
    QueueFilterForm,
    RegisterFeedbackForm,
    ReportForm,
    TemplateForm,
    TextForm,
    TrackForm,
)
from portal.feedback.models import Feedback, FeedbackAttachment, FeedbackCategory, ResponseTemplate
from portal.navigation import register_section
from portal.public.views import register_public_panel
from portal.web import done, invalid, not_modified_since, record_of, render, run_and_redirect

bp = Blueprint("feedback", __name__)

register_section("Feedback", "feedback.queue", "feedback.view_queue", order=20)

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
STALE = "Someone else changed this feedback while you were writing. Your text is kept below; check the record and send it again."
RATE_LIMITED = ("You have sent several pieces of feedback from this address in the last hour. "
                "Please wait an hour before sending more, or call the contract's public authority.")


def _rate_limit() -> str:
    return current_app.config["FEEDBACK_RATE_LIMIT"]


def _signed_in() -> bool:
    return current_user.is_authenticated


# ---- panels ---------------------------------------------------------------------------------


def _overview_panel(user, contract):
    if not access.can(user, "feedback.view_queue", contract):
        return None
    start, end = recent_period(contract)
    return {"contract": contract, "figures": feedback_figures(contract, start, end)}


def _public_panel(contract):
    items = db.session.scalars(services.board_query(contract).limit(3)).all()
    return {"contract": contract, "items": items}


register_panel("feedback", "feedback/_overview_panel.html", _overview_panel, order=20)
register_public_panel("feedback", "feedback/_public_panel.html", _public_panel, order=20)


# ---- giving feedback ------------------------------------------------------------------------


def _ensure_defaults(contract: Contract) -> None:
    """Create (and commit) a new contract's default categories and templates before offering them,
    so that the ids on the page are the ids the form posts back."""
    try:
        if services.ensure_defaults(contract):
            db.session.commit()
    except sa.exc.IntegrityError:  # another request created them first
        db.session.rollback()


def _prepare_form(form, contract: Contract) -> None:
    _ensure_defaults(contract)
    form.category.choices = [(0, "Choose a category")] + [
        (c.id, c.name) for c in services.categories(contract)]


def _store_files(form) -> list[storage.StoredFile]:
    """Store the uploaded files, or none of them: a refused file raises and nothing is kept."""
    uploads = [f for f in (form.attachments.data or []) if getattr(f, "filename", "")]
    if len(uploads) > MAX_FILES:
        raise storage.UploadRejected(f"Attach at most {MAX_FILES} files.")
    stored: list[storage.StoredFile] = []
    try:
        for upload in uploads:
            stored.append(storage.store_upload(upload, storage.DOCUMENTS, MAX_FILE_BYTES))
    except storage.UploadRejected:
        for item in stored:
            storage.delete(item.key)
        raise
    return stored


def _submission(form, channel: str = "web") -> services.Submission:
    category = db.session.get(services.FeedbackCategory, form.category.data) if form.category.data else None
    return services.Submission(
        kind=form.kind.data, category=category, text=form.text.data or "", place=form.place.data or "",
        latitude=form.latitude.data, longitude=form.longitude.data, name=form.name.data or "",
        email=form.email.data or "", show_name=form.show_name.data, sensitive=form.sensitive.data,
        channel=channel)


def _save(form, contract, *, channel="web", registered_by=None):
    """Validate, store files and create the feedback. Returns (feedback, token) or None with errors set."""
    if not form.validate():
        return None
    try:
        stored = _store_files(form)
    except storage.UploadRejected as error:
        form.attachments.errors = [f"{error} The rest of your form is kept; choose the files again."]
        return None
    try:
        submitter = current_user if current_user.is_authenticated and registered_by is None else None
        return services.create_feedback(contract, _submission(form, channel), submitter=submitter,
                                        registered_by=registered_by, stored_files=stored)
    except services.FeedbackError as error:
        for item in stored:
            storage.delete(item.key)
        getattr(form, error.field or "text").errors = [str(error)]
        return None


def _mail_receipt(feedback: Feedback, token: str) -> None:
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("feedback.track", token=token)
    services.mail_submitter(
        feedback, "We received your feedback",
        f"Thank you. Your reference is {feedback.reference}.\n\n"
        f"Follow your feedback, answer our questions and rate our response with this private link "
        f"(keep it to yourself; anyone with it can read your feedback):\n{link}\n\n"
        f"We will acknowledge it by {feedback.ack_due_at:%d %b %Y} and respond by {feedback.response_due_at:%d %b %Y}.")


@bp.route("/feedback/new", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"], exempt_when=_signed_in, error_message=RATE_LIMITED,
               deduct_when=lambda response: response.status_code == 303)
def new_feedback():
    code = request.values.get("contract", "")
    contract = get_contract(code) if code else None
    if contract is not None and not access.can(current_user, "view", contract):
        contract = None
    if contract is None:
        if code:
            flash("Choose one of the contracts below.", "warning")
        return render("feedback/choose_contract.html", contracts=published_contracts(),
                      status=200 if request.method == "GET" else 422)
    form = FeedbackForm()
    _prepare_form(form, contract)
    if request.method == "POST":
        if form.website.data:
            form.form_errors.append("We could not accept this submission. If you are a person, "
                                    "leave the last field empty and send it again.")
            return invalid("feedback/new.html", contract=contract, form=form)
        result = _save(form, contract)
        if result is None:
            return invalid("feedback/new.html", contract=contract, form=form)
        feedback, token = result
        _mail_receipt(feedback, token)
        db.session.commit()
        return done(url_for("feedback.track", token=token, new=1),
                    f"Thank you. Your reference is {feedback.reference}.")
    return render("feedback/new.html", contract=contract, form=form)


# ---- the submitter's tracking page -----------------------------------------------------------


def _track_page(feedback: Feedback, post_url: str, *, token: str | None = None):
    form = TrackForm()
    if request.method == "POST":
        action = form.action.data
        try:
            if action == "reply":
                services.reply(feedback, form.body.data or "")
                message = "Thank you, your answer was sent."
            elif action == "rate":
                if form.satisfied.data not in ("yes", "no"):
                    raise services.FeedbackError("Say whether you are satisfied.", "satisfied")
                services.rate(feedback, form.satisfied.data == "yes", form.comment.data or "")
                message = "Thank you for rating our response."
            elif action == "appeal":
                services.appeal(feedback, form.body.data or "")
                message = "Your appeal was sent to the public authority."
            else:
                abort(400)
        except services.FeedbackError as error:
            getattr(form, error.field or "body").errors = [str(error)]
            return invalid("feedback/track.html", feedback=feedback, form=form, post_url=post_url,
                           token=token, failed_action=action, events=services.public_events(feedback),
                           file_url=_submitter_file_url(feedback, token))
        db.session.commit()
        return done(post_url, message)
    link = (current_app.config["BASE_URL"].rstrip("/") + url_for("feedback.track", token=token)) if token else None
    return render("feedback/track.html", feedback=feedback, form=form, post_url=post_url, token=token,
                  file_url=_submitter_file_url(feedback, token), link=link, is_new=bool(request.args.get("new")), events=services.public_events(feedback))


def _submitter_file_url(feedback: Feedback, token: str | None):
    """How the submitter downloads their own files: through the token (or their account), never a bare id."""
    if token:
        return lambda item: url_for("feedback.track_attachment", token=token, file_id=item.id)
    return lambda item: url_for("feedback.my_attachment", feedback_id=feedback.id, file_id=item.id)


def _send_attachment(item: FeedbackAttachment) -> Response:
    # Same headers as storage.send_stored, but from bytes: attachments are small (10 MB cap) and
    # an unconsumed file handle would leak when a client drops the response.
    try:
        data = storage.read_bytes(item.key)
    except FileNotFoundError:
        abort(404)
    response = Response(data, mimetype=item.content_type)
    response.headers.set("Content-Disposition", "attachment",
                         filename=storage.served_name(item.original_name, item.content_type))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _attachment_of(feedback: Feedback | None, file_id: int) -> FeedbackAttachment:
    item = db.session.get(FeedbackAttachment, file_id) if feedback is not None else None
    if item is None or item.feedback_id != feedback.id:
        abort(404)
    return item


@bp.route("/feedback/track/<token>", methods=["GET", "POST"])
def track(token):
    feedback = services.find_by_token(token)
    if feedback is None:
        abort(404)
    response = _track_page(feedback, url_for("feedback.track", token=token), token=token)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/feedback/track/<token>/files/<int:file_id>")
def track_attachment(token, file_id):
    """The submitter's own file, reached only with their tracking token."""
    return _send_attachment(_attachment_of(services.find_by_token(token), file_id))


@bp.get("/my/feedback")
@login_required
def my_feedback():
    return render("feedback/mine.html", items=services.my_feedback(current_user))


@bp.route("/my/feedback/<int:feedback_id>", methods=["GET", "POST"])
@login_required
def my_item(feedback_id):
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None or feedback.submitter_id != current_user.id:
        abort(404)
    return _track_page(feedback, url_for("feedback.my_item", feedback_id=feedback.id))


@bp.get("/my/feedback/<int:feedback_id>/files/<int:file_id>")
@login_required
def my_attachment(feedback_id, file_id):
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None or feedback.submitter_id != current_user.id:
        abort(404)
    return _send_attachment(_attachment_of(feedback, file_id))


# ---- staff: the queue and registering feedback on someone's behalf ---------------------------


@bp.get("/contracts/<code>/feedback")
@login_required
def queue(code):
    contract = member_contract(code, "feedback.view_queue")
    _ensure_defaults(contract)
    form = QueueFilterForm(request.args)
    form.category.choices = [(0, "Any category")] + [(c.id, c.name) for c in services.categories(contract)]
    filters = services.QueueFilters(
        status=form.status.data or "", kind=form.kind.data or "",
        category_id=form.category.data if form.validate() or form.category.data else None,
        overdue=bool(form.overdue.data), assigned=form.assigned.data or "")
    page = db.paginate(services.queue_query(current_user, contract, filters), page=request.args.get("page", 1, int),
                       per_page=25, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render("feedback/queue.html", "feedback/_queue_results.html", contract=contract, form=form,
                  page=page, now=utcnow(), args=args)


@bp.route("/contracts/<code>/feedback/register", methods=["GET", "POST"])
@login_required
def register_feedback(code):
    contract = member_contract(code, "feedback.register")
    form = RegisterFeedbackForm()
    _prepare_form(form, contract)
    if request.method == "POST":
        result = _save(form, contract, channel=form.channel.data, registered_by=current_user)
        if result is None:
            return invalid("feedback/register.html", contract=contract, form=form)
        feedback, token = result
        _mail_receipt(feedback, token)
        db.session.commit()
        flash(f"Give the person their private tracking link: "
              f"{current_app.config['BASE_URL'].rstrip('/')}{url_for('feedback.track', token=token)}", "info")
        return done(url_for("feedback.detail", code=contract.code, reference=feedback.reference),
                    f"{feedback.reference} registered ({feedback.channel_label.lower()}).")
    return render("feedback/register.html", contract=contract, form=form)


# ---- staff: one record ----------------------------------------------------------------------


def _load(code: str, reference: str, action: str = "view") -> tuple[Contract, Feedback]:
    contract = member_contract(code, "feedback.view_queue")
    feedback = services.find_by_reference(contract, reference)
    if feedback is None:
        abort(404)
    access.authorize(action, feedback)
    return contract, feedback


# Each text form on the record page says what the text is (they share one form class).
DETAIL_LABELS = {"respond": "Response", "question": "Question", "note": "Note", "close": "Closing message",
                 "appeal": "Decision on the appeal"}


def _detail(contract, feedback, status=200, **forms):
    _ensure_defaults(contract)
    template_id = request.args.get("template", type=int)
    respond_form = forms.get("respond") or TextForm(formdata=None, version=feedback.version)
    if template_id and "respond" not in forms:
        chosen = next((t for t in services.response_templates(contract) if t.id == template_id), None)
        if chosen is not None:
            respond_form.body.data = chosen.body
    assign_form = forms.get("assign") or AssignForm(formdata=None, version=feedback.version)
    assign_form.assignee.choices = [(0, "Nobody")] + [
        (u.id, u.name) for u in services.assignable_members(contract, feedback)]
    if "assign" not in forms:
        assign_form.assignee.data = feedback.assignee_id or 0
    moderate_form = forms.get("moderate") or ModerateForm(
        formdata=None, version=feedback.version, public_text=feedback.public_text or feedback.text,
        public_response=feedback.public_response or feedback.response)
    context = dict(
        contract=contract, feedback=feedback, now=utcnow(),
        staff_file_url=lambda item: url_for("feedback.attachment", code=contract.code,
                                            reference=feedback.reference, file_id=item.id),
        can_respond=services.can_respond(current_user, feedback),
        templates=services.response_templates(contract),
        respond_form=respond_form, assign_form=assign_form, moderate_form=moderate_form,
        question_form=forms.get("question") or TextForm(formdata=None, version=feedback.version),
        note_form=forms.get("note") or TextForm(formdata=None, version=feedback.version),
        appeal_form=forms.get("appeal") or TextForm(formdata=None, version=feedback.version),
        close_form=forms.get("close") or TextForm(formdata=None, version=feedback.version),
        hide_form=forms.get("hide") or HideForm(formdata=None, version=feedback.version),
        error_form=next(iter(forms), None),
    )
    for key, label in DETAIL_LABELS.items():
        context[f"{key}_form"].body.label.text = label
    if status != 200:
        return invalid("feedback/detail.html", **context)
    return render("feedback/detail.html", **context)


@bp.get("/contracts/<code>/feedback/<reference>")
@login_required
def detail(code, reference):
    contract, feedback = _load(code, reference)
    return _detail(contract, feedback)


def _apply_error(form, error: services.FeedbackError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None and isinstance(field.errors, list):
        field.errors.append(str(error))
    else:
        form.form_errors.append(str(error))


def _form_saved(form, save, record, stale_message: str) -> bool:
    """Validate the form, refuse it if `record` changed since it was loaded, then run `save()`.
    False, with the problem on the form, when the page must be shown again (422); on True the
    caller commits."""
    if not form.validate():
        return False
    if not not_modified_since(record, form.version.data):
        form.form_errors.append(stale_message)
        return False
    try:
        save()
    except services.FeedbackError as error:
        _apply_error(form, error)
        return False
    return True


def _act(code, reference, name, form_class, permission, run, message, *, respond_rule=False):
    contract, feedback = _load(code, reference, permission)
    if respond_rule and not services.can_respond(current_user, feedback):
        abort(403)
    form = form_class()
    if name == "assign":
        form.assignee.choices = [(0, "Nobody")] + [
            (u.id, u.name) for u in services.assignable_members(contract, feedback)]
    if not _form_saved(form, lambda: run(feedback, form), feedback, STALE):
        return _detail(contract, feedback, 422, **{name: form})
    db.session.commit()
    return done(url_for("feedback.detail", code=contract.code, reference=feedback.reference), message)


@bp.post("/contracts/<code>/feedback/<reference>/acknowledge")
@login_required
def acknowledge(code, reference):
    contract, feedback = _load(code, reference, "feedback.respond")
    if not services.can_respond(current_user, feedback):
        abort(403)
    body = (request.form.get("body") or "").strip()[:2000]
    return run_and_redirect(lambda: services.acknowledge(feedback, current_user, body), services.FeedbackError,
                            url_for("feedback.detail", code=contract.code, reference=feedback.reference),
                            f"{feedback.reference} acknowledged.")


@bp.post("/contracts/<code>/feedback/<reference>/assign")
@login_required
def assign(code, reference):
    def run(feedback, form):
        from portal.auth.models import User

        services.assign(feedback, current_user, db.session.get(User, form.assignee.data) if form.assignee.data else None)

    return _act(code, reference, "assign", AssignForm, "feedback.respond", run, "Assignment saved.",
                respond_rule=True)


@bp.post("/contracts/<code>/feedback/<reference>/question")
@login_required
def ask_question(code, reference):
    return _act(code, reference, "question", TextForm, "feedback.respond",
                lambda f, form: services.ask_question(f, current_user, form.body.data),
                "Your question was sent to the submitter.", respond_rule=True)


@bp.post("/contracts/<code>/feedback/<reference>/note")
@login_required
def add_note(code, reference):
    return _act(code, reference, "note", TextForm, "feedback.note",
                lambda f, form: services.add_note(f, current_user, form.body.data), "Note added.")


@bp.post("/contracts/<code>/feedback/<reference>/respond")
@login_required
def respond(code, reference):
    return _act(code, reference, "respond", TextForm, "feedback.respond",
                lambda f, form: services.respond(f, current_user, form.body.data),
                "Response published to the submitter.", respond_rule=True)


@bp.post("/contracts/<code>/feedback/<reference>/close")
@login_required
def close(code, reference):
    return _act(code, reference, "close", TextForm, "feedback.respond",
                lambda f, form: services.close(f, current_user, form.body.data), "Closed.", respond_rule=True)


@bp.post("/contracts/<code>/feedback/<reference>/appeal-decision")
@login_required
def decide_appeal(code, reference):
    return _act(code, reference, "appeal", TextForm, "feedback.sensitive",
                lambda f, form: services.decide_appeal(f, current_user, form.body.data),
                "Appeal decided; the submitter was told.")


@bp.post("/contracts/<code>/feedback/<reference>/moderate")
@login_required
def moderate(code, reference):
    return _act(code, reference, "moderate", ModerateForm, "feedback.moderate",
                lambda f, form: services.moderate(f, current_user, form.public_text.data,
                                                  form.public_response.data or ""),
                "Published on the public board.")


@bp.post("/contracts/<code>/feedback/<reference>/hide")
@login_required
def hide(code, reference):
    return _act(code, reference, "hide", HideForm, "feedback.moderate",
                lambda f, form: services.hide(f, current_user, form.reason.data),
                "Hidden on the public board; the reason is shown instead.")


@bp.get("/contracts/<code>/feedback/<reference>/files/<int:file_id>")
@login_required
def attachment(code, reference, file_id):
    _contract, feedback = _load(code, reference)
    item = _attachment_of(feedback, file_id)
    access.authorize("view", item)
    return _send_attachment(item)


# ---- staff: categories and response templates ----------------------------------------------

CATEGORY_STALE = ("Someone else changed this category while you were editing it. Your changes are kept below; "
                  "check them against the current version and save again.")
TEMPLATE_STALE = ("Someone else changed this template while you were editing it. Your text is kept below; "
                  "check it against the current version and save again.")


def _settings_page(contract, status=200, *, category_form=None, template_form=None):
    _ensure_defaults(contract)
    context = dict(
        contract=contract,
        categories=services.categories(contract, active_only=False),
        usage=services.category_usage(contract),
        templates=services.response_templates(contract),
        category_form=category_form or CategoryForm(formdata=None),
        template_form=template_form or TemplateForm(formdata=None),
        can_configure=access.can(current_user, "feedback.configure", contract),
    )
    if status != 200:
        return invalid("feedback/settings.html", **context)
    return render("feedback/settings.html", **context)


@bp.get("/contracts/<code>/feedback/settings")
@login_required
def settings(code):
    contract = member_contract(code, "feedback.moderate")
    return _settings_page(contract)


@bp.post("/contracts/<code>/feedback/settings/categories")
@login_required
def add_category(code):
    contract = member_contract(code, "feedback.configure")
    form = CategoryForm()
    if not form.validate():
        return _settings_page(contract, 422, category_form=form)
    try:
        category = services.add_category(contract, form.name.data, form.routed_to.data)
    except services.FeedbackError as error:
        _apply_error(form, error)
        return _settings_page(contract, 422, category_form=form)
    db.session.commit()
    return done(url_for("feedback.settings", code=contract.code) + "#categories-heading",
                f"Category “{category.name}” added.")


@bp.route("/contracts/<code>/feedback/settings/categories/<int:category_id>", methods=["GET", "POST"])
@login_required
def edit_category(code, category_id):
    contract = member_contract(code, "feedback.configure")
    category = record_of(contract, FeedbackCategory, category_id)
    usage = services.category_usage(contract).get(category.id, 0)
    if request.method == "GET":
        form = CategoryForm(formdata=None, obj=category)
        return render("feedback/category.html", contract=contract, category=category, form=form, usage=usage)
    form = CategoryForm()
    if _form_saved(form, lambda: services.update_category(category, form.name.data, form.routed_to.data,
                                                          form.active.data), category, CATEGORY_STALE):
        db.session.commit()
        return done(url_for("feedback.settings", code=contract.code) + "#categories-heading",
                    f"Category “{category.name}” saved.")
    return invalid("feedback/category.html", contract=contract, category=category, form=form, usage=usage)


@bp.post("/contracts/<code>/feedback/settings/templates")
@login_required
def add_template(code):
    contract = member_contract(code, "feedback.moderate")
    form = TemplateForm()
    if not form.validate():
        return _settings_page(contract, 422, template_form=form)
    try:
        template = services.add_template(contract, form.title.data, form.body.data)
    except services.FeedbackError as error:
        _apply_error(form, error)
        return _settings_page(contract, 422, template_form=form)
    db.session.commit()
    return done(url_for("feedback.settings", code=contract.code) + "#templates-heading",
                f"Template “{template.title}” added.")


@bp.route("/contracts/<code>/feedback/settings/templates/<int:template_id>", methods=["GET", "POST"])
@login_required
def edit_template(code, template_id):
    contract = member_contract(code, "feedback.moderate")
    template = record_of(contract, ResponseTemplate, template_id)
    delete_form = DeleteForm(formdata=None, version=template.version)
    if request.method == "GET":
        form = TemplateForm(formdata=None, obj=template)
        return render("feedback/template.html", contract=contract, item=template, form=form,
                      delete_form=delete_form)
    form = TemplateForm()
    if _form_saved(form, lambda: services.update_template(template, form.title.data, form.body.data),
                   template, TEMPLATE_STALE):
        db.session.commit()
        return done(url_for("feedback.settings", code=contract.code) + "#templates-heading",
                    f"Template “{template.title}” saved.")
    return invalid("feedback/template.html", contract=contract, item=template, form=form,
                   delete_form=delete_form)


@bp.post("/contracts/<code>/feedback/settings/templates/<int:template_id>/delete")
@login_required
def delete_template(code, template_id):
    contract = member_contract(code, "feedback.moderate")
    template = record_of(contract, ResponseTemplate, template_id)
    form = DeleteForm()
    if not form.validate() or not not_modified_since(template, form.version.data):
        edit = TemplateForm(formdata=None, obj=template)
        edit.form_errors.append("This template changed since you opened it; it was not deleted. "
                                "Check the current text below, then delete it again if you still want to.")
        return invalid("feedback/template.html", contract=contract, item=template, form=edit,
                       delete_form=DeleteForm(formdata=None, version=template.version))
    title = template.title
    services.delete_template(template)
    db.session.commit()
    return done(url_for("feedback.settings", code=contract.code) + "#templates-heading",
                f"Template “{title}” deleted.")


# ---- the public board -----------------------------------------------------------------------


@bp.get("/contracts/<code>/feedback/board")
def board(code):
    contract = contract_or_404(code)
    if not access.can(current_user, "view", contract):
        access.deny_read()
    page = db.paginate(services.board_query(contract), page=request.args.get("page", 1, int), per_page=20,
                       error_out=False)
    return render("feedback/board.html", contract=contract, page=page, report_form=ReportForm())


@bp.post("/contracts/<code>/feedback/board/<reference>/report")
@limiter.limit(_rate_limit, error_message=RATE_LIMITED)
def report(code, reference):
    contract = contract_or_404(code)
    feedback = services.find_by_reference(contract, reference)
    if feedback is None or not access.can_read(current_user, feedback) or not feedback.on_board:
        abort(404)
    form = ReportForm()
    if not form.validate():
        abort(400)
    try:
        services.report_abuse(feedback, form.reason.data or "")
    except services.FeedbackError:
        abort(404)
    db.session.commit()
    return done(url_for("feedback.board", code=contract.code),
                "Thank you. A moderator will look at this item.")


@bp.app_template_global()
def feedback_overdue_count(contract) -> int:
    return db.session.scalar(sa.select(sa.func.count(Feedback.id)).where(
        access.visible_clause(current_user, Feedback, contract), services.overdue_clause())) or 0
