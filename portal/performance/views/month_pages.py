"""The performance page and a month's page: values, failure events and evidence from the operator,
line-by-line review, approval and countersignature by the two sides."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user

from portal import access, clock
from portal.contracts.services import member_contract
from portal.extensions import db
from portal.performance import helpdesk, notices, overviews, periods, queries, services, statements
from portal.performance.errors import PerformanceError, StaleLine
from portal.performance.forms import (
    DECISION_CHOICES,
    ActionForm,
    EvidenceForm,
    ImportForm,
    ReviewForm,
)
from portal.performance.models import EvidenceFile
from portal.performance.views.loaders import READ, line_for, month_for
from portal.storage import EVIDENCE, UploadRejected, store_upload
from portal.web import done, invalid, record_of, render, send_bytes, send_stored

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def index(code):
    contract = member_contract(code, READ)
    return render("performance/index.html", contract=contract,
                  **overviews.performance_page(contract, clock.today()))


def open_period(code):
    contract = member_contract(code, "performance.open_period")
    _require(ActionForm())
    opened = periods.ensure_period(contract, clock.today())
    if opened is None:
        return done(url_for("performance.index", code=contract.code))
    db.session.commit()
    return done(_month_url(contract, opened), f"{opened.label} is open for measurements, events and evidence.")


def submission(code, month):
    if request.method == "POST":
        return _save_values(code, month)
    contract, sub = month_for(code, month)
    return _month_page(contract, sub)


def _save_values(code, month):
    contract, sub = month_for(code, month, "evidence.prepare")
    _require(ActionForm())
    typed = {m.kpi_id: (request.form.get(f"value-{m.kpi_id}", ""), request.form.get(f"note-{m.kpi_id}", ""))
             for m in sub.measurements if f"value-{m.kpi_id}" in request.form}
    try:
        errors = services.save_measurements(sub, typed)
    except PerformanceError as error:
        return _month_page(contract, sub, 422, page_error=str(error), typed=typed)
    if errors:
        return _month_page(contract, sub, 422, errors=errors, typed=typed)
    db.session.commit()
    return done(_month_url(contract, sub), f"Draft for {sub.label} saved.")


def submit(code, month):
    contract, sub = month_for(code, month, "evidence.submit")
    form = _require(ActionForm())
    try:
        message = services.send_for_review(sub, current_user, form.comment.data or "")
    except PerformanceError as error:
        return _month_page(contract, sub, 422, page_error=str(error))
    notices.submitted(contract, sub)
    db.session.commit()
    return done(_month_url(contract, sub), message)


def upload_evidence(code, month):
    contract, sub = month_for(code, month, "evidence.prepare")
    form = EvidenceForm()
    if form.validate():
        try:
            stored = store_upload(form.evidence_file.data, EVIDENCE)
            evidence = services.add_evidence(sub, stored, current_user, form.description.data or "")
        except (UploadRejected, PerformanceError) as error:
            form.evidence_file.errors.append(str(error))
        else:
            db.session.commit()
            return done(_month_url(contract, sub),
                        f"{evidence.original_name} uploaded (SHA-256 {evidence.sha256[:12]}…).")
    return _month_page(contract, sub, 422, evidence_form=form)


def import_events(code, month):
    contract, sub = month_for(code, month, "evidence.prepare")
    form = ImportForm()
    errors = []
    if form.validate():
        upload = form.events_file.data
        try:
            result = helpdesk.import_events_file(sub, contract, upload.read(), upload.filename or "")
        except PerformanceError as error:
            errors = [str(error)]
        else:
            if not result.errors:
                db.session.commit()
                return done(_month_url(contract, sub), f"{result.created} failure event(s) imported.")
            errors = result.errors
    return _month_page(contract, sub, 422, import_form=form, import_errors=errors)


def events_template(code):
    contract = member_contract(code, READ)
    return send_bytes(helpdesk.csv_template(contract), f"{contract.code}-failure-events-template.csv", "text/csv")


def events_template_xlsx(code):
    contract = member_contract(code, READ)
    return send_bytes(helpdesk.xlsx_template(contract), f"{contract.code}-failure-events-template.xlsx", XLSX)


def evidence_file(code, file_id):
    contract = member_contract(code, READ)
    evidence = record_of(contract, EvidenceFile, file_id)
    access.authorize("view", evidence)
    return send_stored(evidence.storage_key, evidence.original_name, evidence.content_type)


def queue(code):
    contract = member_contract(code, "evidence.review")
    return render("performance/queue.html", contract=contract, queue=queries.review_queue(contract))


def review(code, month, kind, line_id):
    contract, sub = month_for(code, month)
    line = line_for(sub, kind, line_id)
    form = ReviewForm()
    if form.validate():
        access.authorize(access.review_decision_action(form.decision.data), line)
        try:
            services.review(sub, line, kind, form.decision.data, form.comment.data, current_user, form.version.data)
        except StaleLine as error:
            db.session.rollback()
            form.version.data = str(line.version)
            return _month_page(contract, sub, 422, review_forms={(kind, line.id): form}, page_error=str(error))
        except PerformanceError as error:
            form.comment.errors.append(str(error))
        else:
            notices.line_decided(contract, sub, form.decision.data)
            db.session.commit()
            return done(f"{_month_url(contract, sub)}#{kind}-{line.id}", f"Decision recorded: {line.status_label}.")
    return _month_page(contract, sub, 422, review_forms={(kind, line.id): form})


def approve(code, month):
    contract, sub = month_for(code, month, "payment.approve")
    _require(ActionForm())
    try:
        services.approve(contract, sub, current_user)
    except PerformanceError as error:
        return _month_page(contract, sub, 422, page_error=str(error))
    notices.approved(contract, sub)
    db.session.commit()
    return done(url_for("performance.statement", code=contract.code, month=sub.key),
                f"{sub.label} approved. The operator manager countersigns to freeze the statement.")


def countersign(code, month):
    contract, sub = month_for(code, month, "payment.countersign")
    _require(ActionForm())
    try:
        services.countersign(sub, current_user)
    except PerformanceError as error:
        return _month_page(contract, sub, 422, page_error=str(error))
    db.session.commit()
    return done(url_for("performance.statement", code=contract.code, month=sub.key),
                f"Statement for {sub.label} countersigned and frozen.")


# ---- helpers ------------------------------------------------------------------------------


def _require(form):
    """A one-button form (CSRF token, optional comment) that must be valid to act at all."""
    if not form.validate():
        abort(400)
    return form


def _month_url(contract, sub) -> str:
    return url_for("performance.submission", code=contract.code, month=sub.key)


def _month_page(contract, sub, status: int = 200, **changed):
    """The month's page; `changed` replaces parts of it (a form with errors, what was typed)."""
    statement = queries.statement_of(sub)
    context = dict(contract=contract, submission=sub, statement=statement,
                   calc=statements.shown_calculation(contract, sub, statement), history=queries.history(sub),
                   line_labels=_line_labels(sub), decision_choices=DECISION_CHOICES, action_form=ActionForm(),
                   evidence_form=EvidenceForm(), import_form=ImportForm(), review_forms={}, errors={},
                   import_errors=[], typed={}, page_error=None)
    context.update(changed)
    return (invalid if status == 422 else render)("performance/submission.html", **context)


def _line_labels(sub) -> dict:
    """(line type, id) -> what a person calls the line: the KPI code, or the helpdesk reference."""
    labels = {("measurement", m.id): f"{m.kpi.code} {m.kpi.name}" for m in sub.measurements}
    labels.update({("event", e.id): f"event {e.reference or 'E' + str(e.id)}" for e in sub.events})
    return labels
