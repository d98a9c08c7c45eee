"""Variation pages: the register with its totals and exports, proposing, and each step of the
workflow. Phases in every view: load (404), authorise, validate, call a service, commit, respond."""

from __future__ import annotations

from datetime import datetime

from flask import abort, request, url_for
from flask_login import current_user

from portal import access, storage
from portal.changes import (
    event_views,  # noqa: F401  (registers the contingency-event routes on bp)
    exports,
    registrations,  # noqa: F401  (section, dashboard tile, link kinds)
    variations,
)
from portal.changes.blueprint import bp
from portal.changes.clock import ChangesError, save_settings, settings_of
from portal.changes.figures import totals_by_year
from portal.changes.forms import (
    ApproveForm,
    EstimateForm,
    ImplementForm,
    NoteForm,
    RegisterFilterForm,
    SettingsForm,
    VariationForm,
)
from portal.changes.models import DEFAULT_LIMITS, Variation, VariationDocument
from portal.contracts.services import member_contract
from portal.db import utcnow
from portal.extensions import db
from portal.web import done, invalid, record_of, render, save_form, send_bytes, send_stored

MAX_FILES = 5
MAX_FILE_BYTES = 20 * 1024 * 1024
# The forms of a variation's page: name -> (form class, prefix).
ACTION_FORMS = {"request": NoteForm, "estimate": EstimateForm, "approve": ApproveForm, "reject": NoteForm,
                "withdraw": NoteForm, "implement": ImplementForm}


def _variation(contract, reference: str) -> Variation:
    variation = variations.find(contract, reference)
    access.authorize("view", variation)
    return variation


def _forms(**given) -> dict:
    return {name: given.get(name) or form_class(prefix=name) for name, form_class in ACTION_FORMS.items()}


def _detail(contract, variation, status: int = 200, **given):
    context = {"contract": contract, "variation": variation, "forms": _forms(**given), "now": utcnow()}
    if status == 422:
        return invalid("changes/variation.html", "changes/_variation.html", **context)
    return render("changes/variation.html", "changes/_variation.html", **context)


# ---- the register ---------------------------------------------------------------------------


@bp.route("/contracts/<code>/changes")
def register(code):
    contract = member_contract(code, "changes.view")
    form = RegisterFilterForm(request.args)
    rows = db.session.scalars(variations.register_query(current_user, contract, form.status.data or "")).all()
    totals = totals_by_year(contract, access.visible_clause(current_user, Variation, contract))
    return render("changes/register.html", "changes/_register.html", contract=contract, form=form, rows=rows,
                  totals=totals, now=utcnow())


def _export_rows(contract):
    return db.session.scalars(variations.register_query(current_user, contract)).all()


@bp.route("/contracts/<code>/changes/variations.csv")
def export_csv(code):
    contract = member_contract(code, "changes.view")
    text = exports.as_csv(contract, _export_rows(contract), utcnow())
    return send_bytes(text, f"{contract.code}-variations.csv", "text/csv")


@bp.route("/contracts/<code>/changes/variations.xlsx")
def export_xlsx(code):
    contract = member_contract(code, "changes.view")
    data = exports.as_xlsx(contract, _export_rows(contract), utcnow())
    return send_bytes(data, f"{contract.code}-variations.xlsx", storage.KINDS["xlsx"])


# ---- proposing ------------------------------------------------------------------------------


def _proposal_values(form, contract) -> dict:
    values = {name: getattr(form, name).data for name in ("kind", "title", "description", "reason", "clauses",
                                                            "kpi_effect", "area_effect", "visibility")}
    values["estimated_cost"] = variations.parse_money(form.estimated_cost.data, "estimated_cost")
    values["estimated_charge_change"] = variations.parse_money(
        form.estimated_charge_change.data, "estimated_charge_change", allow_negative=True)
    if access.side_of(access.role_in(current_user, contract)) != "government":
        values["visibility"] = "partners"  # the public authority decides what the community sees
    return values


@bp.route("/contracts/<code>/changes/variations/new", methods=["GET", "POST"])
def new_variation(code):
    contract = member_contract(code, "variation.propose")
    form = VariationForm()
    created = []
    if request.method == "POST" and save_form(
            form, lambda: created.append(variations.propose(contract, current_user, _proposal_values(form, contract))),
            ChangesError):
        db.session.commit()
        return done(url_for("changes.variation", code=code, reference=created[0].reference),
                    f"Variation {created[0].reference} proposed.")
    page = invalid if request.method == "POST" else render
    return page("changes/variation_new.html", "changes/_variation_form.html", contract=contract, form=form)


# ---- a variation and its steps ----------------------------------------------------------------


@bp.route("/contracts/<code>/changes/variations/<reference>")
def variation(code, reference):
    contract = member_contract(code, "changes.view")
    return _detail(contract, _variation(contract, reference))


def _step(code, reference, action: str, permission: str, run, message: str):
    contract = member_contract(code, "changes.view")
    record = _variation(contract, reference)
    access.authorize(permission, record)
    form = ACTION_FORMS[action](prefix=action)
    if save_form(form, lambda: run(record, form), ChangesError, record=record, what="variation"):
        db.session.commit()
        return done(url_for("changes.variation", code=code, reference=record.reference), message)
    return _detail(contract, record, 422, **{action: form})


@bp.route("/contracts/<code>/changes/variations/<reference>/request-estimate", methods=["POST"])
def request_estimate(code, reference):
    return _step(code, reference, "request", "variation.manage",
                 lambda v, f: variations.request_estimate(v, current_user, f.note.data or ""),
                 "The operator was asked for a priced estimate.")


def _store(form) -> list[storage.StoredFile]:
    uploads = [f for f in (form.documents.data or []) if getattr(f, "filename", "")]
    if len(uploads) > MAX_FILES:
        raise ChangesError(f"Attach at most {MAX_FILES} files.", "documents")
    stored = []
    try:
        for upload in uploads:
            stored.append(storage.store_upload(upload, storage.EVIDENCE, MAX_FILE_BYTES))
    except storage.UploadRejected as error:
        for item in stored:
            storage.delete(item.key)
        raise ChangesError(f"{error} Choose the files again.", "documents") from None
    return stored


def _price(variation, form) -> None:
    cost = variations.parse_money(form.cost.data, "cost")
    change = variations.parse_money(form.charge_change.data, "charge_change", allow_negative=True)
    variations.submit_estimate(variation, current_user, cost=cost, charge_change=change,
                               note=form.note.data or "", stored_files=_store(form))


@bp.route("/contracts/<code>/changes/variations/<reference>/estimate", methods=["POST"])
def submit_estimate(code, reference):
    return _step(code, reference, "estimate", "variation.estimate", _price, "Priced estimate sent.")


def _month(text: str):
    try:
        return datetime.strptime((text or "").strip(), "%Y-%m").date()
    except ValueError:
        raise ChangesError("Give the month as YYYY-MM, e.g. 2026-12.", "effective_month") from None


@bp.route("/contracts/<code>/changes/variations/<reference>/approve", methods=["POST"])
def approve(code, reference):
    return _step(code, reference, "approve", "variation.manage",
                 lambda v, f: variations.approve(v, current_user, _month(f.effective_month.data), f.note.data or ""),
                 "Variation approved.")


@bp.route("/contracts/<code>/changes/variations/<reference>/reject", methods=["POST"])
def reject(code, reference):
    return _step(code, reference, "reject", "variation.manage",
                 lambda v, f: variations.reject(v, current_user, f.note.data or ""), "Variation rejected.")


@bp.route("/contracts/<code>/changes/variations/<reference>/withdraw", methods=["POST"])
def withdraw(code, reference):
    return _step(code, reference, "withdraw", "variation.withdraw",
                 lambda v, f: variations.withdraw(v, current_user, f.note.data or ""), "Variation withdrawn.")


@bp.route("/contracts/<code>/changes/variations/<reference>/implement", methods=["POST"])
def implement(code, reference):
    return _step(code, reference, "implement", "variation.manage",
                 lambda v, f: variations.implement(v, current_user, f.implemented_on.data, f.note.data or ""),
                 "Variation marked implemented.")


@bp.route("/contracts/<code>/changes/variations/<reference>/documents/<int:document_id>")
def document(code, reference, document_id):
    contract = member_contract(code, "changes.view")
    record = _variation(contract, reference)
    item = record_of(contract, VariationDocument, document_id)
    if item.variation_id != record.id:
        abort(404)
    return send_stored(item.key, item.original_name, item.content_type)


# ---- the contract's time limits -------------------------------------------------------------------


@bp.route("/contracts/<code>/changes/settings", methods=["GET", "POST"])
def settings(code):
    contract = member_contract(code, "changes.configure")
    current = settings_of(contract)
    form = SettingsForm(obj=current if request.method == "GET" else None)
    record = current if current.id is not None else None
    if request.method == "POST" and save_form(
            form, lambda: save_settings(contract, {n: getattr(form, n).data for n in DEFAULT_LIMITS}),
            ChangesError, record=record, what="set of time limits"):
        db.session.commit()
        return done(url_for("changes.register", code=code), "Time limits saved.")
    page = invalid if request.method == "POST" else render
    return page("changes/settings.html", "changes/_settings_form.html", contract=contract, form=form,
                version=current.version or 1)
