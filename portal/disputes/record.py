"""One dispute: its page, the stage it is in and the ladder ahead, submissions and documents, the
parties' positions, the outcome, and its letters as PDF."""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user, login_required

from portal import access, storage
from portal.db import utcnow
from portal.disputes import documents, services
from portal.disputes.blueprint import bp, dispute_contract
from portal.disputes.forms import (
    CloseForm,
    PositionForm,
    PublishForm,
    StageForm,
    SubmissionForm,
    to_minor,
)
from portal.disputes.models import PARTIES, DisputeDocument
from portal.extensions import db
from portal.panels import resolve_link
from portal.web import done, invalid, render, save_form, send_bytes, send_stored

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024


def _load(code: str, reference: str, action: str = "view"):
    contract = dispute_contract(code)
    dispute = services.find_by_reference(contract, reference)
    access.authorize(action, dispute)
    return contract, dispute


def _context(contract, dispute, **forms) -> dict:
    ladder = services.ladder_of(contract)
    stage_form = forms.get("stage") or StageForm(formdata=None, version=dispute.version)
    nxt = services.next_step(dispute)
    stage_form.stage.choices = [(s["stage"], s["label"]) for s in ladder]
    if "stage" not in forms and nxt is not None:
        stage_form.stage.data = nxt["stage"]
    party = access.dispute_party(current_user, dispute)
    issue = resolve_link("issue", contract, dispute.issue_id) if dispute.issue_id else None
    payment = resolve_link("payment_month", contract, dispute.payment_ref_id) if dispute.payment_ref_id else None
    return dict(
        contract=contract, dispute=dispute, ladder=ladder, now=utcnow(), party=party, next_step=nxt,
        entered={s.stage: s for s in dispute.stages}, stage_form=stage_form,
        submission_form=forms.get("submission") or SubmissionForm(formdata=None),
        position_form=forms.get("position") or PositionForm(
            formdata=None, version=dispute.version, body=dispute.position_of(party) if party else ""),
        close_form=forms.get("close") or CloseForm(formdata=None, version=dispute.version),
        publish_form=PublishForm(formdata=None, version=dispute.version, publish=dispute.outcome_public),
        issue=issue if issue and access.can(current_user, "view", issue) else None,
        payment=payment if payment and access.can(current_user, "view", payment) else None,
        parties=PARTIES, error_form=next(iter(forms), None))


def _url(contract, dispute) -> str:
    return url_for("disputes.detail", code=contract.code, reference=dispute.reference)


@bp.get("/contracts/<code>/disputes/<reference>")
@login_required
def detail(code, reference):
    contract, dispute = _load(code, reference)
    return render("disputes/detail.html", **_context(contract, dispute))


@bp.post("/contracts/<code>/disputes/<reference>/stage")
@login_required
def advance(code, reference):
    contract, dispute = _load(code, reference, "dispute.answer")
    form = StageForm()
    form.stage.choices = [(s["stage"], s["label"]) for s in services.ladder_of(contract)]

    def run():
        services.advance(dispute, current_user, form.stage.data, form.note.data or "")

    if not save_form(form, run, services.DisputeError, record=dispute, what="dispute"):
        return invalid("disputes/detail.html", **_context(contract, dispute, stage=form))
    db.session.commit()
    return done(_url(contract, dispute), f"{dispute.reference} moved to {dispute.stage_label}, due "
                f"{dispute.stage_due_at:%d %b %Y}.")


def _store(form) -> list:
    uploads = [f for f in (form.files.data or []) if getattr(f, "filename", "")]
    if len(uploads) > MAX_FILES:
        raise storage.UploadRejected(f"Attach at most {MAX_FILES} files.")
    stored = []
    try:
        for upload in uploads:
            stored.append(storage.store_upload(upload, storage.DOCUMENTS, MAX_FILE_BYTES))
    except storage.UploadRejected:
        for item in stored:
            storage.delete(item.key)
        raise
    return stored


@bp.post("/contracts/<code>/disputes/<reference>/submissions")
@login_required
def submit(code, reference):
    contract, dispute = _load(code, reference, "dispute.answer")
    form = SubmissionForm()
    party = access.dispute_party(current_user, dispute)
    try:
        stored = _store(form) if form.validate() else None
    except storage.UploadRejected as error:
        stored, form.files.errors = None, [str(error)]
    if stored is None or not save_form(form, lambda: services.add_submission(
            dispute, current_user, party, form.body.data, stored), services.DisputeError):
        return invalid("disputes/detail.html", **_context(contract, dispute, submission=form))
    db.session.commit()
    return done(_url(contract, dispute) + "#stage-heading", "Submission added.")


@bp.post("/contracts/<code>/disputes/<reference>/position")
@login_required
def set_position(code, reference):
    contract, dispute = _load(code, reference, "dispute.answer")
    form = PositionForm()
    party = access.dispute_party(current_user, dispute)
    if not save_form(form, lambda: services.set_position(dispute, current_user, party, form.body.data),
                     services.DisputeError, record=dispute, what="dispute"):
        return invalid("disputes/detail.html", **_context(contract, dispute, position=form))
    db.session.commit()
    return done(_url(contract, dispute), f"{PARTIES[party]}'s position saved.")


@bp.post("/contracts/<code>/disputes/<reference>/close")
@login_required
def close(code, reference):
    contract, dispute = _load(code, reference, "dispute.manage")
    form = CloseForm()

    def run():
        services.close(dispute, current_user, form.outcome.data, to_minor(form.amount.data), form.reasons.data)

    if not save_form(form, run, services.DisputeError, record=dispute, what="dispute"):
        return invalid("disputes/detail.html", **_context(contract, dispute, close=form))
    db.session.commit()
    return done(_url(contract, dispute), f"{dispute.reference} closed: {dispute.outcome_label.lower()}.")


@bp.post("/contracts/<code>/disputes/<reference>/publish")
@login_required
def publish(code, reference):
    contract, dispute = _load(code, reference, "dispute.manage")
    form = PublishForm()
    if not save_form(form, lambda: services.publish_outcome(dispute, form.publish.data), services.DisputeError,
                     record=dispute, what="dispute"):
        return invalid("disputes/detail.html", **_context(contract, dispute, publish=form))
    db.session.commit()
    return done(_url(contract, dispute), "The outcome is public." if dispute.outcome_public
                else "The outcome is no longer public.")


@bp.get("/contracts/<code>/disputes/<reference>/files/<int:file_id>")
@login_required
def document(code, reference, file_id):
    _contract, dispute = _load(code, reference)
    item = db.session.get(DisputeDocument, file_id)
    if item is None or item.dispute_id != dispute.id:
        abort(404)
    return send_stored(item.key, item.original_name, item.content_type)


@bp.get("/contracts/<code>/disputes/<reference>/notice.pdf")
@login_required
def notice_pdf(code, reference):
    _contract, dispute = _load(code, reference)
    return send_bytes(documents.notice_pdf(dispute), f"{dispute.reference}-notice.pdf", "application/pdf")


@bp.get("/contracts/<code>/disputes/<reference>/outcome.pdf")
@login_required
def outcome_pdf(code, reference):
    _contract, dispute = _load(code, reference)
    if dispute.is_open:
        abort(404)
    return send_bytes(documents.outcome_pdf(dispute), f"{dispute.reference}-outcome.pdf", "application/pdf")
