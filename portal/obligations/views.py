"""Obligation pages: the compliance calendar, an obligation with its due dates and evidence,
handback, and the list of what is due or overdue across the user's contracts."""

from __future__ import annotations

from flask import Blueprint, url_for
from flask_login import current_user, login_required

from portal import access, storage
from portal.contracts.services import member_contract
from portal.db import utcnow
from portal.extensions import db
from portal.navigation import register_section
from portal.obligations import services
from portal.obligations.figures import compliance_figures
from portal.obligations.forms import CheckForm, EvidenceForm, ObligationForm
from portal.obligations.models import Obligation, ObligationDue, ObligationEvidence
from portal.panels import register_member_panel
from portal.web import done, invalid, record_of, render, save_form, send_stored

bp = Blueprint("obligations", __name__)
register_section("Obligations", "obligations.calendar", "obligations.view", order=36)

MAX_FILES = 5
MAX_FILE_BYTES = 20 * 1024 * 1024


def _panel(user, contract):
    if not access.can(user, "obligations.view", contract):
        return None
    where = access.visible_clause(user, ObligationDue, contract)
    return {"contract": contract, "figures": compliance_figures(contract, services.local_today(contract), where)}


register_member_panel("obligations", "obligations/_overview_panel.html", _panel, order=36)


def _obligation(contract, obligation_id: int) -> Obligation:
    obligation = record_of(contract, Obligation, obligation_id)
    access.authorize("view", obligation)
    return obligation


@bp.route("/contracts/<code>/obligations")
def calendar(code):
    contract = member_contract(code, "obligations.view")
    today = services.local_today(contract)
    older, months = services.calendar_months(current_user, contract, today)
    return render("obligations/calendar.html", "obligations/_calendar.html", contract=contract, today=today,
                  older=older, months=months, obligations=services.obligations_of(current_user, contract))


@bp.route("/contracts/<code>/obligations/handback")
def handback(code):
    contract = member_contract(code, "obligations.view")
    today = services.local_today(contract)
    years_left = round((contract.end_date - today).days / 365.25, 1)
    return render("obligations/handback.html", "obligations/_handback.html", contract=contract, today=today,
                  years_left=years_left, obligations=services.obligations_of(current_user, contract, handback=True))


@bp.route("/obligations/due")
@login_required
def due_list():
    today = utcnow().date()
    return render("obligations/due.html", "obligations/_due.html", dues=services.due_across_contracts(current_user, today),
                  today=today)


def _values(form) -> dict:
    return {name: getattr(form, name).data for name in ("title", "category", "owed_by", "clause", "frequency",
                                                        "first_due_on", "evidence_required", "condition_required",
                                                        "active")}


@bp.route("/contracts/<code>/obligations/new", methods=["GET", "POST"])
def new_obligation(code):
    contract = member_contract(code, "obligation.manage")
    form = ObligationForm()
    created = []
    if form.is_submitted() and save_form(
            form, lambda: created.append(services.add_obligation(contract, _values(form))), services.ObligationError):
        db.session.commit()
        return done(url_for("obligations.obligation", code=code, obligation_id=created[0].id), "Obligation added.")
    page = invalid if form.is_submitted() else render
    return page("obligations/obligation_form.html", "obligations/_obligation_form.html", contract=contract,
                form=form, obligation=None)


@bp.route("/contracts/<code>/obligations/<int:obligation_id>/edit", methods=["GET", "POST"])
def edit_obligation(code, obligation_id):
    contract = member_contract(code, "obligation.manage")
    obligation = _obligation(contract, obligation_id)
    following = obligation.next_due
    form = ObligationForm(obj=obligation, first_due_on=following.due_on if following else obligation.first_due_on)
    if form.is_submitted() and save_form(form, lambda: services.update_obligation(obligation, _values(form)),
                                         services.ObligationError, record=obligation, what="obligation"):
        db.session.commit()
        return done(url_for("obligations.obligation", code=code, obligation_id=obligation.id), "Obligation saved.")
    page = invalid if form.is_submitted() else render
    return page("obligations/obligation_form.html", "obligations/_obligation_form.html", contract=contract,
                form=form, obligation=obligation)


def _detail(contract, obligation, status: int = 200, **given):
    context = {"contract": contract, "obligation": obligation, "today": services.local_today(contract),
               "evidence_form": given.get("evidence") or EvidenceForm(prefix="evidence"),
               "check_form": given.get("check") or CheckForm(prefix="check")}
    page = invalid if status == 422 else render
    return page("obligations/obligation.html", "obligations/_obligation.html", **context)


@bp.route("/contracts/<code>/obligations/<int:obligation_id>")
def obligation(code, obligation_id):
    contract = member_contract(code, "obligations.view")
    return _detail(contract, _obligation(contract, obligation_id))


def _store(form) -> list[storage.StoredFile]:
    uploads = [f for f in (form.files.data or []) if getattr(f, "filename", "")]
    if len(uploads) > MAX_FILES:
        raise services.ObligationError(f"Attach at most {MAX_FILES} files.", "files")
    stored = []
    try:
        for upload in uploads:
            stored.append(storage.store_upload(upload, storage.EVIDENCE, MAX_FILE_BYTES))
    except storage.UploadRejected as error:
        for item in stored:
            storage.delete(item.key)
        raise services.ObligationError(f"{error} Choose the file again.", "files") from None
    return stored


def _on_due(code, due_id, action: str, permission: str, form_class, run, message: str):
    contract = member_contract(code, "obligations.view")
    due = record_of(contract, ObligationDue, due_id)
    access.authorize(permission, due)
    form = form_class(prefix=action)
    if save_form(form, lambda: run(due, form), services.ObligationError, record=due, what="due date"):
        db.session.commit()
        return done(url_for("obligations.obligation", code=code, obligation_id=due.obligation_id), message)
    return _detail(contract, due.obligation, 422, **{action: form})


def _send(due, form) -> None:
    stored = _store(form)
    try:
        services.send_evidence(due, current_user, stored, form.description.data or "")
    except services.ObligationError:
        for item in stored:
            storage.delete(item.key)
        raise


@bp.route("/contracts/<code>/obligations/dues/<int:due_id>/evidence", methods=["POST"])
def send_evidence(code, due_id):
    return _on_due(code, due_id, "evidence", "obligation.send", EvidenceForm, _send, "Evidence sent for checking.")


@bp.route("/contracts/<code>/obligations/dues/<int:due_id>/check", methods=["POST"])
def check_evidence(code, due_id):
    return _on_due(code, due_id, "check", "obligation.check", CheckForm,
                   lambda due, f: services.check(due, current_user, accept=f.decision.data == "accept",
                                                 comment=f.comment.data or ""),
                   "Check recorded.")


@bp.route("/contracts/<code>/obligations/evidence/<int:evidence_id>")
def evidence_file(code, evidence_id):
    contract = member_contract(code, "obligations.view")
    item = record_of(contract, ObligationEvidence, evidence_id)
    access.authorize("view", item)
    return send_stored(item.key, item.original_name, item.content_type)
